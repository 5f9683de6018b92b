/** The instruments as data: loads the scale, battery and rule files listed in the index. */
package org.huxin.scales;

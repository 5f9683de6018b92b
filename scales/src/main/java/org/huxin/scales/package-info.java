/**
 * The instruments as data: immutable records for scales, items, options, batteries and tier rules,
 * and {@link org.huxin.scales.ScaleLibrary}, which loads the files listed in {@code
 * scales/index.json} and refuses, with a {@link org.huxin.scales.ScaleFileException} naming the
 * file, the item and the fault, anything that is wrong. The JSON Schemas under {@code
 * scales/schema/} describe the file format for editors; the records' constructors and the loader
 * are what enforce it.
 */
package org.huxin.scales;

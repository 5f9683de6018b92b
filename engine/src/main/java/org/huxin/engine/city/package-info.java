/**
 * A synthetic city for tests, demos and the capacity rehearsal: districts, schools of each stage,
 * classes and students with plausible Chinese names, generated deterministically from a seed.
 * {@link org.huxin.engine.city.SyntheticCity} holds the org units in memory and generates students
 * on the fly, so a million of them can be streamed into the store without being held at once. It
 * also defines {@link org.huxin.engine.city.SchoolStage}, the grades a school teaches.
 */
package org.huxin.engine.city;

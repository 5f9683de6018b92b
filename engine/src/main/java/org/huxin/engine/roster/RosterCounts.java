package org.huxin.engine.roster;

/** How many org units and students a bulk load wrote. */
public record RosterCounts(int districts, int schools, int classes, long students) {}

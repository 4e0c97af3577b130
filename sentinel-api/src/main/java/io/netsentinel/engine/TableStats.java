package io.netsentinel.engine;

/**
 * One detector table at the end of a run.
 *
 * @param table {@code <detector id>/<table name>}
 * @param size entries held at the end
 * @param maxEntries its limit
 * @param evictions entries dropped because the table was full (summed over timelines)
 * @param expirations entries dropped because they were idle (summed over timelines)
 */
public record TableStats(String table, int size, int maxEntries, long evictions, long expirations) {}

package io.netsentinel.api;

/**
 * Counters reported by a source. For a live capture they come from the kernel; a file source reports what it read
 * and {@code -1} for what it cannot know.
 *
 * @param received frames delivered to the engine
 * @param dropped frames the kernel dropped for lack of buffer space, or -1
 * @param interfaceDropped frames the interface dropped, or -1
 * @param bytesRead bytes of input consumed (for a file, its position), or -1
 * @param bytesTotal the input's total size when known (for progress), or -1
 */
public record SourceStats(long received, long dropped, long interfaceDropped, long bytesRead, long bytesTotal) {}

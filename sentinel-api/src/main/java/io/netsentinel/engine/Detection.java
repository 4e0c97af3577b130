package io.netsentinel.engine;

import io.netsentinel.api.RawFrame;

/** What {@link Sentinel} drives from its source: one worker ({@link DetectionWorker}) or several ({@link
 * ParallelDetection}), fed from the reading thread. */
interface Detection {
  /** One frame from the source; its buffer may be reused after the call. */
  void process(RawFrame frame);

  /** The source was idle until {@code timestampNanos} (its clock). */
  void idle(long timestampNanos);

  /** The end of the stream: last ticks and {@code finish}, and every alert handed on. */
  void finish();

  /** The run's counters; {@code dropped} and {@code sinkErrors} belong to the caller's delivery. */
  PipelineStats stats(long dropped, long sinkErrors, long elapsedNanos);
}

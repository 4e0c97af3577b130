package io.netsentinel.agent;

/** The three Windows Event Log calls the sink needs, behind an interface so the mapping is testable anywhere. */
interface EventLogApi extends AutoCloseable {
  int ERROR_TYPE = 0x0001;
  int WARNING_TYPE = 0x0002;

  /** Writes one event to the Application log; false when Windows refused it. */
  boolean report(int type, int eventId, String message);

  @Override
  void close();
}

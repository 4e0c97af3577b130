package io.netsentinel.agent;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import java.io.IOException;

/** {@link EventLogApi} through JNA: RegisterEventSource, ReportEvent, DeregisterEventSource (Windows only). */
final class Advapi32EventLogApi implements EventLogApi {
  static final String SOURCE = "NetSentinelAgent";

  private final WinNT.HANDLE handle;

  Advapi32EventLogApi() throws IOException {
    handle = Advapi32.INSTANCE.RegisterEventSource(null, SOURCE);
    if (handle == null) {
      throw new IOException("RegisterEventSource(" + SOURCE + ") failed: error "
          + com.sun.jna.Native.getLastError());
    }
  }

  @Override
  public boolean report(int type, int eventId, String message) {
    return Advapi32.INSTANCE.ReportEvent(handle, type, 0, eventId, null, 1, 0, new String[] {message}, null);
  }

  @Override
  public void close() {
    Advapi32.INSTANCE.DeregisterEventSource(handle);
  }
}

package io.netsentinel.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library's memory streams, for {@link DumpBatchReader}: {@code fmemopen} (POSIX 2008: glibc, musl, macOS,
 * the BSDs; not the Windows C runtime). {@code size_t} and {@code long} are mapped to Java {@code long}, which holds on
 * the LP64 platforms that have {@code fmemopen}.
 */
final class CStdio {
  /** {@code _IONBF}: the same value in glibc, musl and the BSDs. */
  static final int IONBF = 2;

  private static Boolean available;

  private CStdio() {}

  /** Binds the functions once; false where the C library lacks {@code fmemopen} (Windows) or is not LP64. */
  static synchronized boolean available() {
    if (available == null) {
      boolean ok = false;
      if (!Platform.isWindows() && Native.LONG_SIZE == 8 && Native.SIZE_T_SIZE == 8) {
        try {
          Native.register(CStdio.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
          ok = true;
        } catch (UnsatisfiedLinkError e) {
          ok = false;
        }
      }
      available = ok;
    }
    return available;
  }

  static native Pointer fmemopen(Pointer buffer, long size, String mode);

  static native int setvbuf(Pointer file, Pointer buffer, int mode, long size);

  static native void rewind(Pointer file);

  static native long ftell(Pointer file);

  static native int fclose(Pointer file);
}

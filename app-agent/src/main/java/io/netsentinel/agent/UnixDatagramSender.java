package io.netsentinel.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends datagrams to a Unix-domain datagram socket such as /dev/log. JDK 17 has Unix-domain stream sockets only, so
 * this calls libc's socket/sendto through JNA.
 */
final class UnixDatagramSender implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
        throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final LibC libc;
  private final byte[] address;
  private final Path path;
  private int fd = -1;

  UnixDatagramSender(Path path) throws IOException {
    this.path = path;
    this.address = sockaddr(path.toString());
    try {
      this.libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
      this.fd = libc.socket(AF_UNIX, SOCK_DGRAM, 0);
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      throw new IOException("cannot open a Unix datagram socket: " + e.getMessage(), e);
    }
  }

  /** struct sockaddr_un: Linux has a 2-byte family; the BSDs (macOS) a length byte, then a family byte. */
  private static byte[] sockaddr(String path) throws IOException {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    int max = Platform.isMac() ? 104 : 108;
    if (name.length >= max) {
      throw new IOException("socket path too long: " + path);
    }
    byte[] address = new byte[2 + name.length + 1];
    if (Platform.isLinux()) {
      java.nio.ByteBuffer.wrap(address).order(java.nio.ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
    } else {
      address[0] = (byte) address.length;
      address[1] = AF_UNIX;
    }
    System.arraycopy(name, 0, address, 2, name.length);
    return address;
  }

  void send(byte[] datagram) throws IOException {
    try {
      libc.sendto(fd, datagram, new NativeLong(datagram.length), 0, address, address.length);
    } catch (LastErrorException e) {
      throw new IOException("sending to " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (fd >= 0) {
      try {
        libc.close(fd);
      } catch (LastErrorException e) {
        // Nothing was buffered in a datagram socket; a failed close loses nothing.
      }
      fd = -1;
    }
  }
}

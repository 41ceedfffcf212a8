package com.onetrans;

import java.nio.charset.StandardCharsets;

/**
 * The platforms' calls into the hospital, answered in this JVM (one gateway per process).
 *
 * <pre>
 *   OneTransGateway.start(request -&gt; "{\"data\":{...}}");   // [gateway] of OneTrans.ini
 *   String url = OneTransGateway.address();                  // http://127.0.0.1:8088
 *   OneTransGateway.stop();
 * </pre>
 *
 * The handler runs on the gateway's own threads, several at once, attached to the JVM for the
 * call (as daemons). Whatever it throws stays in Java: the platform gets its failure answer.
 */
public final class OneTransGateway {
  static {
    System.loadLibrary("onetrans_jni");
  }

  // Here rather than in native memory: a call still running after stop() finds null, never a
  // freed reference.
  private static volatile OneTransHandler handler;
  private static final Object lock = new Object();

  private OneTransGateway() {}

  /** Starts with the current configuration (OneTrans.ini beside the library, ONETRANS_CONFIG, ...). */
  public static void start(OneTransHandler handler) {
    start(null, handler);
  }

  /** config: path to an INI/JSON file, or inline JSON; it also becomes the library's configuration. */
  public static void start(String config, OneTransHandler handler) {
    if (handler == null) throw new NullPointerException("handler");
    byte[][] why = new byte[1][];
    int rc;
    synchronized (lock) {
      // Set first: the first call may arrive before start0 returns.
      OneTransHandler previous = OneTransGateway.handler;
      OneTransGateway.handler = handler;
      rc = start0(config == null ? null : config.getBytes(StandardCharsets.UTF_8), why);
      if (rc == 0) return;
      OneTransGateway.handler = previous;  // a refused second start leaves the running one alone
    }
    throw new OneTransException(rc, why[0] != null ? why[0] : new byte[0]);
  }

  /** "http://127.0.0.1:8088": where the gateway listens; "" when none runs. */
  public static String address() {
    return address0();
  }

  /** Stops accepting and lets calls in flight finish (at most 10 s). */
  public static void stop() {
    synchronized (lock) {
      stop0();
      handler = null;
    }
  }

  // Called by the native side on a gateway thread. Never throws: an exception unwinding into the
  // gateway's native frames would leave it pending there.
  private static byte[] dispatch(byte[] request) {
    OneTransHandler h = handler;
    if (h == null) return null;
    try {
      String reply = h.handle(new String(request, StandardCharsets.UTF_8));
      return reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
    } catch (Throwable t) {
      return null;  // no reply: the gateway answers the platform's failure form and logs it
    }
  }

  private static native int start0(byte[] configUtf8, byte[][] error);
  private static native String address0();
  private static native void stop0();
}

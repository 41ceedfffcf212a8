package com.onetrans;

import java.nio.charset.StandardCharsets;

/**
 * OneTrans from Java: one JSON request in, one JSON answer out.
 *
 * <pre>
 *   OneTrans ot = new OneTrans();                    // loads libonetrans_jni / onetrans_jni.dll
 *   String answer = ot.call("{\"transCode\":\"HOS00012\",\"data\":{...}}");
 * </pre>
 *
 * A return code other than "000000" throws {@link OneTransException} carrying the code and
 * the library's answer; a platform refusal (rtCode / code != 0) is a normal answer.
 * Thread-safe: one instance may be shared by any number of threads.
 *
 * <p>The hospital side (1.1+): {@link OneTransGateway} answers the platforms' calls with a
 * {@link OneTransHandler}; {@link #inboundOpen} / {@link #inboundSeal} do it for a HIS with its
 * own web server.
 */
public final class OneTrans {
  static {
    System.loadLibrary("onetrans_jni");
  }

  /** Uses the default configuration search (OneTrans.ini beside the library, ONETRANS_CONFIG, ...). */
  public OneTrans() {}

  /** config: path to an INI/JSON file, or inline JSON. */
  public OneTrans(String config) {
    int rc = init0(config.getBytes(StandardCharsets.UTF_8));
    if (rc != 0) throw new OneTransException(rc, "{\"message\":\"OneTrans_Init rejected the configuration\"}"
        .getBytes(StandardCharsets.UTF_8));
  }

  public String call(String requestJson) {
    return new String(call0(requestJson.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  public String version() {
    return version0();
  }

  /** What {@link #inboundOpen} made of a platform's request body. */
  public static final class Inbound {
    private final boolean request;
    private final String text;

    Inbound(boolean request, String text) {
      this.request = request;
      this.text = text;
    }

    /** true: {@link #text} is the request for the HIS's handler (answer it, then inboundSeal). */
    public boolean isRequest() { return request; }

    /** The handler request; or, when not {@link #isRequest}, the complete reply to send back to
     *  the platform unchanged (a refused request, or a repeat answered from the journal). */
    public String text() { return text; }
  }

  /** route: the path under the gateway base ("yzt", "mpay/order", "amp/rechargeSettle",
   *  "qingyuan"); body: the platform's request body. Other outcomes throw OneTransException. */
  public Inbound inboundOpen(String route, String body) {
    byte[][] out = new byte[1][];
    int rc = inboundOpen0(route.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8), out);
    String text = out[0] != null ? new String(out[0], StandardCharsets.UTF_8) : "";
    if (rc == 0) return new Inbound(true, text);
    if (out[0] != null && (rc == 105 || rc == 109)) return new Inbound(false, text);
    throw new OneTransException(rc, text.getBytes(StandardCharsets.UTF_8));
  }

  /** request: what inboundOpen gave; reply: the handler's reply, or null when the HIS failed.
   *  Returns the body to send to the platform (signed / encrypted as it needs). */
  public String inboundSeal(String request, String reply) {
    byte[][] out = new byte[1][];
    int rc = inboundSeal0(request.getBytes(StandardCharsets.UTF_8),
        reply == null ? null : reply.getBytes(StandardCharsets.UTF_8), out);
    String text = out[0] != null ? new String(out[0], StandardCharsets.UTF_8) : "";
    if (rc != 0) throw new OneTransException(rc, text.getBytes(StandardCharsets.UTF_8));
    return text;
  }

  // UTF-8 travels as byte[] both ways: JNI's "modified UTF-8" would mangle some characters.
  private static native byte[] call0(byte[] requestUtf8);
  private static native int init0(byte[] configUtf8);
  private static native String version0();
  private static native int inboundOpen0(byte[] routeUtf8, byte[] bodyUtf8, byte[][] out);
  private static native int inboundSeal0(byte[] requestUtf8, byte[] replyUtf8, byte[][] out);
}

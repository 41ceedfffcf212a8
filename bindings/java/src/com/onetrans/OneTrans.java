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

  // UTF-8 travels as byte[] both ways: JNI's "modified UTF-8" would mangle some characters.
  private static native byte[] call0(byte[] requestUtf8);
  private static native int init0(byte[] configUtf8);
  private static native String version0();
}

package com.onetrans;

import java.nio.charset.StandardCharsets;

/** A MobileTrans return code other than "000000", with the library's JSON answer. */
public class OneTransException extends RuntimeException {
  private final String returnCode;
  private final String response;

  OneTransException(int code, byte[] responseUtf8) {
    this(code, new String(responseUtf8, StandardCharsets.UTF_8));
  }

  private OneTransException(int code, String response) {
    super(format(code) + ": " + response);
    this.returnCode = format(code);
    this.response = response;
  }

  /** "000105", "000107", "010010", "-1", ... as the vendor table spells them. */
  public String getReturnCode() { return returnCode; }

  /** The answer JSON; for 000107 its "query" names the call that settles the outcome. */
  public String getResponse() { return response; }

  /** 000107: money may have moved. Never resend: run the query named in the answer. */
  public boolean isOutcomeUnknown() { return "000107".equals(returnCode); }

  private static String format(int code) {
    return code < 0 ? Integer.toString(code) : String.format("%06d", code);
  }
}

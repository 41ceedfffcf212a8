package com.onetrans;

/**
 * The HIS's side of a platform's call into the hospital, for {@link OneTransGateway}.
 * Called from several gateway threads at once: it must be thread-safe.
 */
@FunctionalInterface
public interface OneTransHandler {
  /**
   * requestJson: {"platform":"mpay","api":"MPAY_001","requestId":"…","data":{…}}.
   * Returns {"code":…,"message":…,"data":{…response fields…}}, or null for no reply. A null, or an
   * exception, makes the gateway answer the platform's failure form ("unknown" where money moves).
   */
  String handle(String requestJson) throws Exception;
}

import com.onetrans.OneTrans;
import com.onetrans.OneTransException;

/** JUnit-free checks of the JNI shim; exits non-zero on the first failure. */
public class OneTransTest {
  static int passed = 0, failed = 0;

  static void check(boolean ok, String what) {
    if (ok) { passed++; } else { failed++; System.out.println("FAILED: " + what); }
  }

  public static void main(String[] args) {
    OneTrans ot = new OneTrans();
    check(ot.version().matches("\\d+\\.\\d+\\.\\d+"), "version is MAJOR.MINOR.PATCH");
    try {
      ot.call("not json");
      check(false, "invalid JSON throws");
    } catch (OneTransException e) {
      check(e.getReturnCode().equals("000105"), "invalid JSON is 000105, got " + e.getReturnCode());
      check(e.getResponse().contains("\"code\":-2"), "the answer travels with the exception");
      check(!e.isOutcomeUnknown(), "000105 is not an unknown outcome");
    }
    // Characters outside the BMP survive the trip (JNI's modified UTF-8 would break them).
    String answer = ot.call("{\"transCode\":\"HOS00012\",\"data\":{\"orderId\":\"PAY00000001\",\"hospitalId\":\"QYH44180200001\","
        + "\"cityCode\":\"441800\",\"note\":\"\uD83D\uDE00𠀀\"}}");
    check(answer.contains("\"rtCode\""), "a real call returns the platform's answer: " + answer);
    String sign = ot.call("{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\","
        + "\"userName\":\"张三丰\",\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}");
    check(sign.contains("\"signStatus\":\"1\""), "Chinese names round-trip: " + sign);
    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }
}

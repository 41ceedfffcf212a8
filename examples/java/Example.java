import com.onetrans.OneTrans;
import com.onetrans.OneTransException;

/** A Qingyuan and an AMP call through the JNI shim (OneTrans.ini in the working directory). */
public class Example {
  public static void main(String[] args) {
    OneTrans ot = new OneTrans();
    System.out.println("OneTrans " + ot.version());
    String sign = ot.call("{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\","
        + "\"userName\":\"张三丰\",\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}");
    System.out.println("HOS00001 -> " + sign);
    String push = ot.call("{\"api\":\"pushMsg\",\"data\":{\"appType\":\"03\",\"medOrgOrd\":\"JAVA" + System.nanoTime()
        + "\",\"orgCode\":\"H35010200227\",\"patientName\":\"周大鹏\",\"idType\":\"01\",\"idNo\":\"460029196507081627\","
        + "\"pushType\":\"HOSPITAL_APPOINTMENT\"}}");
    System.out.println("pushMsg  -> " + push);
    try {
      ot.call("{\"transCode\":\"HOS00012\",\"data\":{}}");
      throw new AssertionError("bad input was accepted");
    } catch (OneTransException e) {
      System.out.println("rejected -> " + e.getReturnCode());
    }
    if (!sign.contains("\"signStatus\":\"1\"")) System.exit(1);
    if (!push.contains("\"response\":\"SUCCESS\"")) System.exit(1);
  }
}

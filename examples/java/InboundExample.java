import com.onetrans.OneTrans;
import com.onetrans.OneTransException;
import com.onetrans.OneTransGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hospital side through the JNI shim: a handler in this program answers 公众号 (医保移动支付)
 * MPAY_001 下单 and MPAY_002 结算回写; the gateway in the library speaks to the platform.
 *   java InboundExample SANDBOX_URL MPAY_TOKEN     (OneTrans.ini with [gateway.mpay] in the working directory)
 * The sandbox plays the 公众号: POST /sandbox/drive makes it call this gateway, GET /sandbox/inbound
 * says what it got back. A burst of orders sent at once shows the handler on several threads.
 */
public class InboundExample {
  // The HIS's state: the handler runs on several gateway threads at once.
  static final Map<String, String> orders = new ConcurrentHashMap<>();  // medOrgOrd -> TOTAL
  static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  static final AtomicInteger inFlight = new AtomicInteger(), mostInFlight = new AtomicInteger();
  static volatile boolean allDaemons = true;

  static String handle(String request) throws Exception {
    String api = field(request, "api"), order = field(request, "medOrgOrd");
    calls.computeIfAbsent(api, k -> new AtomicInteger()).incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (!Thread.currentThread().isDaemon() && !Thread.currentThread().getName().equals("main")) allDaemons = false;
    try {
      if (order.startsWith("BOOM")) throw new IllegalStateException("HIS 数据库不可用");
      if (api.equals("MPAY_001")) {
        Thread.sleep(200);  // a HIS looking up prescriptions: lets the burst overlap
        if (!field(request, "PATIENT_NAME").equals("张三丰")) return error("患者姓名不符：" + field(request, "PATIENT_NAME"));
        String total = field(request, "TOTAL");
        orders.put(order, total);
        return "{\"code\":0,\"message\":\"下单成功\",\"data\":{\"payOrdId\":\"ORD" + order + "\",\"medOrgOrd\":\"" + order
            + "\",\"feeSumamt\":\"" + total + "\",\"ownPayAmt\":\"" + total + "\",\"psnAcctPay\":\"0.00\",\"fundPay\":\"0.00\","
            + "\"patientTypeId\":\"1\",\"iptOtpNo\":\"MZ" + order + "\",\"balance\":\"0.00\",\"siPersonalNo\":\"44180000000104679119\"}}";
      }
      if (api.equals("MPAY_002")) {
        String total = orders.get(order);
        if (total == null) return error("无此订单 " + order);
        return "{\"code\":0,\"message\":\"结算成功\",\"data\":{\"payOrdId\":\"" + field(request, "payOrdId") + "\",\"medOrgOrd\":\""
            + order + "\",\"traceTime\":\"" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
            + "\",\"setlType\":\"ALL\",\"feeSumamt\":\"" + total + "\",\"ownPayAmt\":\"" + total
            + "\",\"psnAcctPay\":\"0.00\",\"fundPay\":\"0.00\"}}";
      }
      return null;  // not ours: no reply
    } finally {
      inFlight.decrementAndGet();
    }
  }

  static String error(String message) {
    return "{\"code\":-1,\"message\":\"" + message + "\",\"data\":{}}";
  }

  // A string field of a JSON text; enough for this example (a HIS would use its JSON library).
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
    return n;
  }

  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

  static String post(String url, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("X-OneTrans-Token", token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static int failures = 0;

  static void check(boolean ok, String what) {
    System.out.println((ok ? "ok    " : "FAIL  ") + what);
    if (!ok) failures++;
  }

  static String orderBody(String medOrgOrd) {
    return "{\"payAuthNo\":\"AUTH" + medOrgOrd + "\",\"uldLatlnt\":\"113.056031,23.681763\",\"PATIENT_ID\":\"P0001\","
        + "\"CATEGORY\":\"2\",\"ORDER_ID\":\"RX0001\",\"ID_NO\":\"441802198708081050\",\"PATIENT_NAME\":\"张三丰\","
        + "\"medOrgOrd\":\"" + medOrgOrd + "\",\"TOTAL\":\"12.50\"}";
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.out.println("usage: java InboundExample SANDBOX_URL MPAY_TOKEN");
      System.exit(2);
    }
    String sandbox = args[0].replaceAll("/+$", ""), token = args[1];

    OneTransGateway.start(InboundExample::handle);
    String gateway = OneTransGateway.address();
    System.out.println("gateway listening on " + gateway);
    try {
      // 1. The 公众号's two calls, as the sandbox makes them.
      post(sandbox + "/sandbox/drive", "{\"flow\":\"mpay\",\"hospitalUrl\":\"" + gateway + "\"}", null);
      String inbound = "";
      for (int i = 0; i < 150; i++) {
        inbound = get(sandbox + "/sandbox/inbound");
        if (inbound.contains("\"pending\":0")) break;
        Thread.sleep(100);
      }
      System.out.println("sandbox saw: " + inbound);
      int n = count(inbound, "\"seq\":");
      check(inbound.contains("\"pending\":0"), "the sandbox's calls finished");
      check(n == 2 && count(inbound, "\"ok\":true") == n && count(inbound, "\"verified\":true") == n,
          "MPAY_001 and MPAY_002 answered ok and verified (" + n + " calls)");
      check(inbound.contains("\"message\":\"下单成功\""), "the handler's Chinese message reached the platform");
      check(calls.containsKey("MPAY_001") && calls.containsKey("MPAY_002"), "the handler answered both");

      // 2. A burst of orders at once: the gateway calls the handler on several threads.
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<CompletableFuture<String>> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String body = orderBody("JV" + System.nanoTime() + "N" + i);
        burst.add(CompletableFuture.supplyAsync(() -> {
          try {
            return post(gateway + "/mpay/order", body, token);
          } catch (Exception e) {
            return e.toString();
          }
        }, pool));
      }
      int good = 0;
      for (CompletableFuture<String> f : burst) {
        String a = f.get();
        if (a.contains("\"CODE\":0") && a.contains("\"payOrdId\":\"ORDJV")) good++;
      }
      pool.shutdown();
      check(good == burst.size(), good + "/" + burst.size() + " orders of the burst answered CODE 0");
      check(mostInFlight.get() >= 2, "the handler ran " + mostInFlight.get() + " calls at once");
      check(allDaemons, "gateway threads are attached as daemons");

      // 3. A handler that throws: the exception stays in Java, the platform gets the failure form.
      String boom = post(gateway + "/mpay/order", orderBody("BOOM" + System.nanoTime()), token);
      System.out.println("throwing handler -> " + boom);
      check(boom.contains("\"CODE\":-1"), "a throwing handler gives the platform CODE -1, the JVM lives on");

      // 4. The codec, for a HIS with its own web server: open, answer, seal.
      OneTrans ot = new OneTrans();
      OneTrans.Inbound opened = ot.inboundOpen("mpay/order", orderBody("CODEC" + System.nanoTime()));
      check(opened.isRequest() && field(opened.text(), "api").equals("MPAY_001"), "inboundOpen gives the handler request: " + opened.text());
      String sealed = ot.inboundSeal(opened.text(), handle(opened.text()));
      check(sealed.contains("\"CODE\":0") && sealed.contains("\"MSG\":\"下单成功\""), "inboundSeal gives the body to send: " + sealed);
      opened = ot.inboundOpen("mpay/order", "not json");
      check(!opened.isRequest() && opened.text().contains("\"CODE\":-1"), "a refused body gives the reply to send back: " + opened.text());
      try {
        ot.inboundSeal("{\"api\":\"forged\"}", "{}");
        check(false, "inboundSeal of a request inboundOpen never gave must throw");
      } catch (OneTransException e) {
        check(e.getReturnCode().equals("000105"), "inboundSeal of a forged request throws " + e.getReturnCode());
      }
    } finally {
      OneTransGateway.stop();
    }
    check(OneTransGateway.address().isEmpty(), "stopped");
    System.out.println(failures == 0 ? "inbound OK" : failures + " check(s) FAILED");
    System.exit(failures == 0 ? 0 : 1);
  }
}

package dev.vitals.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.api.admin.v1.ServingStatus;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.TestServers;
import dev.vitals.server.VitalsServer;
import dev.vitals.testing.BearerCredentials;
import dev.vitals.testing.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver};
 * {@code .ci/run} installs them): a status changed through the admin API shows on the page within 2
 * s, without a reload. Without the browser this test fails: a status page nobody has seen work is
 * not tested. Leaves a screenshot in {@code target/status-page.png}.
 */
class StatusPageBrowserIT {
  private static final Path CHROMIUM =
      Path.of(System.getProperty("vitals.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("vitals.chromedriver", "/usr/bin/chromedriver"));
  private static final String TOKEN = "browser-test-token";

  @RegisterExtension final GrpcCleanupExtension cleanup = new GrpcCleanupExtension();

  private ChromeDriver browser;
  private Path profile;

  @BeforeEach
  void openBrowser() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's chromium (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromedriver").isExecutable();
    profile = Files.createTempDirectory("vitals-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void page_showsAStatusChangedThroughTheAdminApi_within2Seconds() throws Exception {
    VitalsServer server =
        VitalsServer.create(
            TestServers.netty()
                .adminToken(TOKEN)
                .service("payments", HealthStatus.SERVING)
                .service("search", HealthStatus.SERVING)
                .http(HttpConfig.of(0, "127.0.0.1"))
                .build());
    ManagedChannel channel = TestServers.startNetty(cleanup, server);
    StatusAdminGrpc.StatusAdminBlockingStub admin =
        StatusAdminGrpc.newBlockingStub(channel).withCallCredentials(new BearerCredentials(TOKEN));

    // The channel connected before the clock starts: the page's 2 s are measured from the change.
    admin
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .setStatus(
            SetStatusRequest.newBuilder()
                .setService("search")
                .setStatus(ServingStatus.SERVING)
                .build());
    browser.manage().window().setSize(new Dimension(412, 860)); // a phone's width
    browser.get("http://127.0.0.1:" + server.httpPort() + "/");
    wait(browser).until(driver -> "live".equals(driver.findElement(By.id("connection")).getText()));
    assertThat(badge("payments").getText()).isEqualTo("SERVING");
    assertThat(badge("payments").getAttribute("data-status")).isEqualTo("pass");

    admin
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .setStatus(
            SetStatusRequest.newBuilder()
                .setService("payments")
                .setStatus(ServingStatus.NOT_SERVING)
                .build());
    long flipped = System.nanoTime(); // the registry has the change once SetStatus has answered
    new WebDriverWait(browser, Duration.ofSeconds(2))
        .ignoring(StaleElementReferenceException.class)
        .until(driver -> "NOT_SERVING".equals(badge("payments").getText()));
    Duration shown = Duration.ofNanos(System.nanoTime() - flipped);

    Path screenshot = Path.of("target", "status-page.png");
    Files.createDirectories(screenshot.getParent());
    Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(screenshot).isNotEmptyFile();
    assertThat(badge("payments").getAttribute("data-status")).isEqualTo("fail");
    assertThat(browser.findElement(By.id("overall")).getText()).isEqualTo("warning");
    assertThat(browser.findElement(By.id("transitions")).getText())
        .contains("payments: SERVING → NOT_SERVING");
    assertThat(shown).isLessThan(Duration.ofSeconds(2));
    System.out.println("status page updated " + shown.toMillis() + " ms after SetStatus");
  }

  @Test
  void page_showsEachChecksResultAndReason_andTheChangeItCaused() throws Exception {
    java.net.ServerSocket upstream =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    int port = upstream.getLocalPort();
    String yaml =
        "checks:\n  db:\n    tcp: { address: \"127.0.0.1:"
            + port
            + "\" }\n    interval: 200ms\n    timeout: 1s\n    fall: 1\n    rise: 1\n"
            + "services:\n  orders: { checks: [db] }\n";
    VitalsServer server =
        VitalsServer.create(
            TestServers.netty()
                .http(HttpConfig.of(0, "127.0.0.1"))
                .checks(
                    dev.vitals.server.checks.ChecksConfigParser.parse(
                        "vitals.yaml", new java.io.StringReader(yaml)))
                .build());
    TestServers.startNetty(cleanup, server);
    try {
      browser.get("http://127.0.0.1:" + server.httpPort() + "/");
      wait(browser).until(driver -> "passing".equals(checkBadge(driver, "db")));
      assertThat(browser.findElement(By.id("checks-section")).isDisplayed()).isTrue();
      assertThat(badge("orders").getText()).isEqualTo("SERVING");
    } finally {
      upstream.close();
    }

    // Nothing listens any more: the check fails, the page shows why without a reload.
    wait(browser).until(driver -> "failing".equals(checkBadge(driver, "db")));
    // The table is redrawn on every check result: read the reason inside the wait, which retries a
    // stale element.
    String reason =
        wait(browser)
            .until(
                driver ->
                    driver
                        .findElement(By.cssSelector("#checks tr[data-check='db'] .reason"))
                        .getText());
    assertThat(reason).contains("127.0.0.1:" + port);
    wait(browser).until(driver -> "NOT_SERVING".equals(badge("orders").getText()));
    assertThat(browser.findElement(By.id("transitions")).getText())
        .contains("orders: SERVING → NOT_SERVING")
        .contains("(check db: ");
    // Tall enough for the checks and the recent changes (README's docs/status-page-checks.png).
    browser.manage().window().setSize(new Dimension(800, 1400));
    Path screenshot = Path.of("target", "status-page-checks.png");
    Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static WebDriverWait wait(ChromeDriver browser) {
    // The page redraws rows as results arrive; a row found just before a redraw is stale, not
    // wrong.
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static String checkBadge(org.openqa.selenium.WebDriver driver, String check) {
    return driver
        .findElement(By.cssSelector("#checks tr[data-check='" + check + "'] .badge"))
        .getText();
  }

  private WebElement badge(String service) {
    return browser.findElement(By.cssSelector("tr[data-service='" + service + "'] .badge"));
  }
}

package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSinks;
import dev.residency.audit.InMemoryAuditSink;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResidencyGuardTest {
  private final InMemoryAuditSink audit = AuditSinks.inMemory();

  private ResidencyGuard guard(ResidencyPolicy policy) {
    return ResidencyGuard.builder(policy).setAuditSink(audit).build();
  }

  private static ResidencyPolicy.Builder euPolicy() {
    return ResidencyPolicy.builder()
        .setHome("aws:eu-central-1")
        .allowJurisdictions("EU")
        .declareHost("localhost", "aws:eu-central-1")
        .declareHost("api.us.example", "aws:us-east-1")
        .declareHost("*.eu.example", "aws:eu-central-1");
  }

  private static Endpoint http(String url) {
    return Endpoint.parse(EndpointKind.HTTP, url);
  }

  @Test
  void allowsDeclaredHostInAllowedJurisdiction() {
    ResidencyGuard guard = guard(euPolicy().build());

    Decision d = guard.evaluate(http("http://localhost:8080/customers?id=42"));

    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.ALLOWED_LOCATION);
    assertThat(d.location().region().id()).isEqualTo("aws:eu-central-1");
    assertThat(d.location().countries()).containsExactly("DE");
    assertThat(d.location().jurisdictions()).contains(Jurisdiction.of("EU"), Jurisdiction.of("EEA"));
    assertThat(d.ruleId()).isEqualTo("residency.allow");
  }

  @Test
  void deniesDeclaredHostOutsideJurisdictionAndNamesHostRegionAndRule() {
    ResidencyGuard guard = guard(euPolicy().build());

    Decision d = guard.evaluate(http("https://api.us.example/v1"));

    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION);
    assertThat(d.isBlocking()).isTrue();
    assertThat(d.explanation()).contains("api.us.example", "aws:us-east-1", "US", "residency.allow");
  }

  @Test
  void checkDecidesAndAuditsWithoutThrowingInEitherMode() {
    ResidencyGuard enforcing = guard(euPolicy().build());
    ResidencyGuard reporting = guard(euPolicy().setMode(Mode.REPORT_ONLY).build());

    Decision allowed = enforcing.check(http("http://localhost:8080/"));
    Decision denied = enforcing.check(http("https://api.us.example/v1"));
    Decision reported = reporting.check(http("https://api.us.example/v1"));

    assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
    assertThat(denied.isBlocking()).isTrue();
    assertThat(reported.outcome()).isEqualTo(Outcome.DENY);
    assertThat(reported.isBlocking()).isFalse();
    assertThat(audit.events()).hasSize(3);
  }

  @Test
  void wildcardMatchesSubdomainsOnWholeLabelsOnly() {
    ResidencyGuard guard = guard(euPolicy().build());

    Decision sub = guard.evaluate(http("https://a.b.eu.example/"));
    Decision apex = guard.evaluate(http("https://eu.example/"));
    Decision glued = guard.evaluate(http("https://evileu.example/"));

    assertThat(sub.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(apex.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(glued.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void deniesUnknownByDefaultAndAllowsWhenPolicySaysSo() {
    Endpoint unknownHost = http("https://nowhere.example/");

    Decision denied = guard(euPolicy().build()).evaluate(unknownHost);
    Decision allowed = guard(euPolicy().setUnknown(ResidencyPolicy.UnknownAction.ALLOW).build()).evaluate(unknownHost);

    assertThat(denied.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(denied.ruleId()).isEqualTo("residency.unknown");
    assertThat(allowed.reasonCode()).isEqualTo(ReasonCode.ALLOWED_UNKNOWN);
    assertThat(allowed.location().isUnknown()).isTrue();
  }

  @Test
  void loopbackAndPrivateAddressesAreUnknownUntilDeclared() {
    ResidencyGuard guard = guard(ResidencyPolicy.builder().allowJurisdictions("EU").build());

    assertThat(guard.evaluate(http("http://127.0.0.1/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(guard.evaluate(http("http://localhost/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(guard.evaluate(http("http://10.1.2.3/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(guard.evaluate(http("http://[::1]/")).reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
  }

  @Test
  void cidrFactPlacesIpLiteralsInEveryWrittenForm() {
    ResidencyGuard guard = guard(ResidencyPolicy.builder().allowJurisdictions("EU").declareCidr("10.20.0.0/16", "aws:eu-central-1").build());

    assertThat(guard.evaluate(http("http://10.20.1.2/")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(guard.evaluate(http("http://169083138/")).outcome()).isEqualTo(Outcome.ALLOW);
    // Hex and leading-zero forms are refused: the JDK resolves them differently from inet_aton.
    assertThat(guard.evaluateTarget(EndpointKind.HTTP, "http://0x0a.0x14.1.2/").get(0).reasonCode())
        .isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(guard.evaluateTarget(EndpointKind.HTTP, "http://012.024.1.2/").get(0).reasonCode())
        .isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(guard.evaluate(http("http://[::ffff:10.20.1.2]/")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(guard.evaluate(http("http://10.21.1.2/")).outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void resolvedAddressOutsideDeclaredRangesIsDeniedEvenWhenHostIsDeclared() throws Exception {
    ResidencyGuard guard = guard(euPolicy().declareCidr("10.20.0.0/16", "aws:eu-central-1").build());
    Endpoint inside = http("https://api.eu.example/").toBuilder().addresses(List.of(InetAddress.getByName("10.20.0.7"))).build();
    Endpoint rebound = http("https://api.eu.example/").toBuilder().addresses(List.of(InetAddress.getByName("203.0.113.9"))).build();

    Decision ok = guard.evaluate(inside);
    Decision denied = guard.evaluate(rebound);

    assertThat(ok.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
    assertThat(denied.explanation()).contains("203.0.113.9");
  }

  @Test
  void locationIsAllowedOnlyWhenEveryCountryItSpansIsAllowed() {
    ResidencyPolicy germanyOnly = ResidencyPolicy.builder().allowCountries("DE").declareHost("dz.example", "aws:eu-central-1")
        .addEndpoint(EndpointFact.host("azure.example", RegionCatalog.defaultCatalog().require("azure:swedencentral"))
            .deployment("dz", "DataZoneStandard").build())
        .build();
    ResidencyGuard guard = guard(germanyOnly);

    Decision dataZone = guard.evaluate(Endpoint.parse(EndpointKind.LLM, "https://azure.example/openai/deployments/dz/chat/completions"));

    assertThat(dataZone.outcome()).isEqualTo(Outcome.DENY);
    assertThat(dataZone.location().scope()).isEqualTo(Scope.MULTI_REGION);
    assertThat(dataZone.explanation()).contains("not allowed").contains("FR");
  }

  @Test
  void allowedRegionListIsExact() {
    ResidencyGuard guard = guard(ResidencyPolicy.builder().allowRegions("aws:eu-central-1")
        .declareHost("a.example", "aws:eu-central-1").declareHost("b.example", "gcp:europe-west3").build());

    assertThat(guard.evaluate(http("https://a.example/")).ruleId()).isEqualTo("residency.allow.regions");
    assertThat(guard.evaluate(http("https://b.example/")).outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void allowMaskedGivesAllowMaskedOutsideTheAllowedSet() {
    ResidencyGuard guard = guard(euPolicy().allowMaskedJurisdictions("US").build());

    Decision d = guard.evaluate(http("https://api.us.example/"));

    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW_MASKED);
    assertThat(d.requiresMasking()).isTrue();
    assertThat(d.ruleId()).isEqualTo("residency.allowMasked");
  }

  @Test
  void globalLocationIsNeverAllowedByJurisdictions() {
    ResidencyGuard guard = guard(ResidencyPolicy.builder().allowJurisdictions("EU", "US", "UK", "CH", "EEA", "CA")
        .addEndpoint(EndpointFact.host("azure.example", RegionCatalog.defaultCatalog().require("azure:swedencentral"))
            .deployment("g", "GlobalStandard").build())
        .build());

    Decision d = guard.evaluate(Endpoint.parse(EndpointKind.LLM, "https://azure.example/openai/deployments/g/chat/completions"));

    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.location().isGlobal()).isTrue();
  }

  @Test
  void activeExceptionAllowsAndExpiredExceptionSaysItExpired() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    ResidencyPolicy policy = euPolicy()
        .addException("status.example.com", "no personal data", LocalDate.of(2027, 6, 30))
        .addException("old.example.com", "migration", LocalDate.of(2025, 1, 31))
        .build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(audit).setClock(Clock.fixed(now, ZoneOffset.UTC)).build();

    Decision active = guard.evaluate(http("https://status.example.com/"));
    Decision expired = guard.evaluate(http("https://old.example.com/"));

    assertThat(active.reasonCode()).isEqualTo(ReasonCode.ALLOWED_EXCEPTION);
    assertThat(active.ruleId()).isEqualTo("residency.exceptions[0]");
    assertThat(active.explanation()).contains("no personal data", "2027-06-30");
    assertThat(expired.outcome()).isEqualTo(Outcome.DENY);
    assertThat(expired.explanation()).contains("residency.exceptions[1] expired on 2025-01-31");
  }

  @Test
  void cachedExceptionDecisionDoesNotOutliveTheExpiryDate() {
    MutableClock clock = new MutableClock(Instant.parse("2027-06-30T23:59:00Z"));
    ResidencyPolicy policy = euPolicy().addException("status.example.com", "no personal data", LocalDate.of(2027, 6, 30)).build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(audit).setClock(clock).build();
    Endpoint status = http("https://status.example.com/");

    Decision before = guard.evaluate(status);
    clock.set(Instant.parse("2027-07-01T00:00:01Z"));
    Decision after = guard.evaluate(status);

    assertThat(before.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(after.outcome()).isEqualTo(Outcome.DENY);
    assertThat(after.explanation()).contains("expired on 2027-06-30");
  }

  @Test
  void reportOnlyDecidesAndAuditsButDoesNotBlock() {
    ResidencyGuard guard = guard(euPolicy().setMode(Mode.REPORT_ONLY).build());

    Decision d = guard.enforce(http("https://api.us.example/"));

    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.isBlocking()).isFalse();
    assertThat(audit.events()).hasSize(1);
    assertThat(audit.events().get(0).toMap()).containsEntry("outcome", "DENY").containsEntry("mode", "report-only").containsEntry("blocked", false);
  }

  @Test
  void enforceThrowsViolationCarryingTheDecision() {
    ResidencyGuard guard = guard(euPolicy().build());

    assertThatThrownBy(() -> guard.enforce(http("https://api.us.example/")))
        .isInstanceOf(ResidencyViolationException.class)
        .satisfies(e -> assertThat(((ResidencyViolationException) e).decision().reasonCode()).isEqualTo(ReasonCode.DENIED_LOCATION))
        .hasMessageContaining("api.us.example");
  }

  @Test
  void violationIsFoundThroughCauseChains() {
    ResidencyViolationException v = new ResidencyViolationException(
        Decision.builder(Outcome.DENY, ReasonCode.DENIED_UNKNOWN).explanation("x").build());

    Throwable wrapped = new RuntimeException(new java.io.IOException(v));

    assertThat(ResidencyViolationException.find(wrapped)).isSameAs(v);
    assertThat(ResidencyViolationException.find(new RuntimeException())).isNull();
  }

  @Test
  void emitsExactlyOneAuditEventPerEvaluationWithoutPathOrQuery() {
    ResidencyGuard guard = guard(euPolicy().build());

    guard.evaluate(http("https://user:secret@localhost:8443/customers/42?email=a%40b.eu"));
    guard.evaluate(http("https://user:secret@localhost:8443/customers/42?email=a%40b.eu"));

    List<AuditEvent> events = audit.events();
    assertThat(events).hasSize(2);
    String text = events.get(0).toMap().toString();
    assertThat(text).contains("localhost").contains("8443").doesNotContain("customers").doesNotContain("secret").doesNotContain("email");
  }

  @Test
  void resolverFailureFailsClosedAndIsNotCached() {
    AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("boom"));
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(audit)
        .setEndpointResolver(e -> {
          RuntimeException f = failure.get();
          if (f != null) {
            throw f;
          }
          return Location.of(RegionCatalog.defaultCatalog().require("aws:eu-central-1"), "test");
        })
        .build();

    Decision first = guard.evaluate(http("https://svc.example/"));
    failure.set(null);
    Decision second = guard.evaluate(http("https://svc.example/"));

    assertThat(first.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(second.outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void failingAuditSinkDoesNotBreakTheDataPathUnlessAuditIsRequired() {
    ResidencyPolicy policy = euPolicy().build();
    ResidencyGuard lenient = ResidencyGuard.builder(policy).setAuditSink(e -> {
      throw new IllegalStateException("disk full");
    }).build();
    ResidencyGuard strict = ResidencyGuard.builder(policy.toBuilder().setAuditRequired(true).build()).setAuditSink(e -> {
      throw new IllegalStateException("disk full");
    }).build();

    Decision ok = lenient.evaluate(http("http://localhost/"));
    Decision denied = strict.evaluate(http("http://localhost/"));

    assertThat(ok.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(lenient.auditFailures()).isEqualTo(1);
    assertThat(denied.reasonCode()).isEqualTo(ReasonCode.DENIED_AUDIT_FAILURE);
  }

  @Test
  void embeddedDatabaseIsPlacedAtHomeOrUnknownWithoutHome() {
    Decision withHome = guard(euPolicy().build()).evaluateTarget(EndpointKind.JDBC, "jdbc:h2:mem:test").get(0);
    Decision withoutHome = guard(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .evaluateTarget(EndpointKind.JDBC, "jdbc:h2:mem:test").get(0);

    assertThat(withHome.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(withoutHome.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(withoutHome.explanation()).contains("residency.home is not set");
  }

  @Test
  void reportedResourceLocationWinsOverTheHostAndMustBeInTheCatalog() {
    ResidencyGuard guard = guard(euPolicy().build());
    Endpoint base = Endpoint.builder(EndpointKind.S3).host("localhost").port(9000).resource("bucket").build();

    Decision inUs = guard.evaluate(base.toBuilder().resourceLocation("aws:us-east-1").build());
    Decision bogus = guard.evaluate(base.toBuilder().resourceLocation("aws:eu-west-9").build());

    assertThat(inUs.outcome()).isEqualTo(Outcome.DENY);
    assertThat(inUs.location().region().id()).isEqualTo("aws:us-east-1");
    assertThat(bogus.reasonCode()).isEqualTo(ReasonCode.DENIED_UNKNOWN);
    assertThat(bogus.explanation()).contains("not in the region catalog");
  }

  @Test
  void unparseableTargetIsOneDenyWithReason() {
    List<Decision> ds = guard(euPolicy().build()).evaluateTarget(null, "https://localhost\\@evil.com/");

    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
    assertThat(audit.events()).hasSize(1);
  }

  @Test
  void multiHostJdbcUrlGivesOneDecisionPerHost() {
    List<Decision> ds = guard(euPolicy().build())
        .evaluateTarget(null, "jdbc:postgresql://localhost:5432,api.us.example:5432/app?password=hunter2");

    assertThat(ds).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
    assertThat(ds.get(1).explanation()).doesNotContain("hunter2");
  }

  @Test
  void aHostInTheConnectionPropertiesIsDecidedToo() {
    List<Decision> ds = guard(euPolicy().build()).evaluateTarget(
        EndpointKind.JDBC, "jdbc:postgresql://localhost:5432/app", Map.of("PGHOST", "api.us.example", "password", "hunter2"));

    assertThat(ds).extracting(Decision::outcome).containsExactly(Outcome.ALLOW, Outcome.DENY);
    assertThat(ds.get(1).explanation()).contains("api.us.example").doesNotContain("hunter2");
  }

  @Test
  void aHostlessPostgresUrlIsOneDenyNamingTheReason() {
    List<Decision> ds = guard(euPolicy().build()).evaluateTarget(EndpointKind.JDBC, "jdbc:postgresql:///app", Map.of());

    assertThat(ds).singleElement().satisfies(d -> {
      assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT);
      assertThat(d.explanation()).contains("names no host");
    });
  }

  @Test
  void connectionPropertiesBesideATargetThatIsNoJdbcUrlAreADeny() {
    List<Decision> ds = guard(euPolicy().build()).evaluateTarget(null, "https://localhost/", Map.of("host", "x"));

    assertThat(ds).singleElement().satisfies(d -> assertThat(d.reasonCode()).isEqualTo(ReasonCode.DENIED_INVALID_ENDPOINT));
  }

  @Test
  void replacePolicyTakesEffectAtomicallyAndBumpsVersion() {
    ResidencyGuard guard = guard(euPolicy().build());
    Endpoint us = http("https://api.us.example/");
    assertThat(guard.evaluate(us).outcome()).isEqualTo(Outcome.DENY);

    guard.replacePolicy(euPolicy().allowJurisdictions("US").build());

    Decision after = guard.evaluate(us);
    assertThat(after.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(after.policyVersion()).isEqualTo(2);
  }

  @Test
  void decisionCacheStaysWithinItsBound() {
    ResidencyGuard guard = ResidencyGuard.builder(euPolicy().build()).setAuditSink(audit).setCacheSize(100).build();

    for (int i = 0; i < 10_000; i++) {
      guard.evaluate(http("https://h" + i + ".eu.example/"));
    }

    assertThat(cacheSize(guard)).isLessThanOrEqualTo(100);
  }

  @Test
  void evaluateAllDecidesEveryEndpointAndAuditsTheWorstOnce() {
    ResidencyGuard guard = guard(euPolicy().build());

    Decision d = guard.evaluateAll(List.of(http("http://localhost/"), http("https://api.us.example/"), http("http://localhost/x")));

    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.endpoint().host()).isEqualTo("api.us.example");
    assertThat(audit.events()).hasSize(1);
  }

  @Test
  void decideDoesNotAuditAndRecordAuditsOnce() {
    ResidencyGuard guard = guard(euPolicy().build());

    Decision host = guard.decide(http("http://localhost/"));
    Decision lookup = guard.failClosed(http("http://localhost/"), "s3.bucketRegion", "bucket region lookup timed out");
    assertThat(audit.events()).isEmpty();
    Decision recorded = guard.record(List.of(host, lookup));

    assertThat(recorded.reasonCode()).isEqualTo(ReasonCode.DENIED_RESOLVER_ERROR);
    assertThat(recorded.ruleId()).isEqualTo("s3.bucketRegion");
    assertThat(recorded.explanation()).contains("timed out").contains("failing closed");
    assertThat(audit.events()).hasSize(1);
  }

  private static int cacheSize(ResidencyGuard guard) {
    try {
      java.lang.reflect.Field f = ResidencyGuard.class.getDeclaredField("state");
      f.setAccessible(true);
      Object state = ((AtomicReference<?>) f.get(guard)).get();
      java.lang.reflect.Field c = state.getClass().getDeclaredField("cache");
      c.setAccessible(true);
      return ((dev.residency.internal.DecisionCache) c.get(state)).size();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

package dev.residency;

import dev.residency.audit.AuditEvent;
import dev.residency.audit.AuditSink;
import dev.residency.audit.AuditSinks;
import dev.residency.internal.DecisionCache;
import dev.residency.internal.IpAddresses;
import dev.residency.internal.IpRangesResolver;
import dev.residency.internal.PolicyFactsResolver;
import dev.residency.internal.ProviderResolver;
import dev.residency.mask.MaskingPipeline;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether data may go to an endpoint. Every adapter turns its client's
 * request into an {@link Endpoint} and asks {@link #evaluate(Endpoint)} or {@link #enforce(Endpoint)}.
 *
 * <p>Resolution, first answer wins: declared resources (and embedded databases, placed at {@code
 * home}) → a location the provider reported for the resource → declared hosts, Azure deployments
 * and CIDRs → a custom resolver, if set → provider knowledge (AWS, GCP, Azure, LLM APIs) → IP-range
 * files → unknown. A resource's location (declared or reported) decides alone only when the
 * endpoint has no host or its host is the provider's own service for the resource (an AWS S3 host
 * for a bucket, say); on any other host the host is placed by the rest of the chain and both
 * locations must be allowed, so an S3-compatible server naming a declared bucket is not placed by
 * it. When the policy declares CIDRs or IP-range files, the endpoint's resolved addresses are
 * placed too, and every one must be allowed (DNS rebinding).
 *
 * <p>A location is allowed only if every country it may span is allowed (or its region is listed).
 * Unknown is denied unless the policy says otherwise. Exceptions apply until their expiry date.
 * In {@link Mode#REPORT_ONLY} denials are decided and audited but {@link #enforce} does not throw.
 *
 * <p>Decisions are cached (bounded); a cached decision costs a hash lookup and the audit call.
 * Exactly one audit event is emitted per evaluation. Thread-safe, with no lock on the hot path; the
 * policy can be replaced atomically at runtime ({@link #replacePolicy}, {@link #reload}), and every
 * decision comes wholly from one policy version.
 */
public final class ResidencyGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ResidencyGuard.class);

  /** Default bound on cached decisions. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /** Default bound on one call of a custom {@link EndpointResolver}. */
  public static final Duration DEFAULT_RESOLVER_TIMEOUT = Duration.ofSeconds(5);

  /** Custom-resolver calls that may run at once; beyond that a call fails closed at once. */
  private static final int MAX_RESOLVER_THREADS = 8;

  private final AtomicReference<State> state = new AtomicReference<>();
  private final EndpointResolver customResolver;
  private final Mode modeOverride;
  private final AuditSink auditSink;
  private final Clock clock;
  private final int cacheSize;
  private final LongAdder auditFailures = new LongAdder();
  private final Duration resolverTimeout;
  /** Runs custom-resolver calls so that they can be bounded; null when unbounded or no resolver. */
  private final ExecutorService resolverPool;

  private ResidencyGuard(Builder b) {
    this.customResolver = b.resolver;
    this.resolverTimeout = b.resolverTimeout;
    this.resolverPool = b.resolver == null || b.resolverTimeout.isZero() ? null : resolverPool();
    this.modeOverride = b.mode;
    this.clock = b.clock;
    this.cacheSize = b.cacheSize;
    this.auditSink = b.auditSink != null ? b.auditSink : AuditSinks.fromSpec(b.policy.auditSink(), b.policy.baseDir());
    install(null, b.policy);
  }

  /**
   * Daemon threads, none while idle, at most {@link #MAX_RESOLVER_THREADS}: a resolver that hangs
   * and ignores interrupts can hold only that many threads, and further calls are refused (and so
   * denied) instead of queueing behind it.
   */
  private static ExecutorService resolverPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, MAX_RESOLVER_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "residency-resolver-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a guard for {@code policy}. */
  public static Builder builder(ResidencyPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  private static final class State {
    final ResidencyPolicy policy;
    final long version;
    final PolicyFactsResolver facts;
    final ProviderResolver provider;
    final IpRangesResolver ipRanges;
    final DecisionCache cache;
    final MaskingPipeline masking;
    final Mode mode;
    /** Epoch millis after which cached decisions may be stale because an exception expired. */
    final long validUntilMillis;

    State(ResidencyPolicy policy, long version, Mode mode, int cacheSize, long validUntilMillis) {
      this.policy = policy;
      this.version = version;
      this.facts = new PolicyFactsResolver(policy);
      this.provider = new ProviderResolver(policy.catalog());
      this.ipRanges = policy.ipRanges().isEmpty()
          ? IpRangesResolver.empty()
          : IpRangesResolver.load(policy.ipRanges(), policy.catalog(), policy.source());
      this.cache = new DecisionCache(cacheSize);
      this.masking = MaskingPipeline.create(policy.masking());
      this.mode = mode;
      this.validUntilMillis = validUntilMillis;
    }
  }

  /**
   * Builds the state for {@code policy} and puts it in force as the next version, unless {@code
   * expected} is no longer current (then returns the current state). Serialized, so versions are
   * gapless and never go backward: a policy whose state fails to build (a missing key file, an
   * unreadable IP-range file) throws before it takes a version number, and two concurrent
   * replacements cannot install in the opposite order of their versions.
   */
  private synchronized State install(State expected, ResidencyPolicy policy) {
    State current = state.get();
    if (expected != null && current != expected) {
      return current;
    }
    State next = newState(policy, current == null ? 1 : current.version + 1);
    state.set(next);
    return next;
  }

  private State newState(ResidencyPolicy policy, long version) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    long validUntil = Long.MAX_VALUE;
    for (Exemption e : policy.exceptions()) {
      if (e.isActiveOn(today)) {
        long end = e.expires().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        validUntil = Math.min(validUntil, end);
      }
    }
    Mode mode = modeOverride != null ? modeOverride : policy.mode();
    return new State(policy, version, mode, cacheSize, validUntil);
  }

  /** The policy in force. */
  public ResidencyPolicy policy() {
    return state.get().policy;
  }

  /** The version of the policy in force; starts at 1 and increments with every replacement. */
  public long policyVersion() {
    return state.get().version;
  }

  /** The mode in force (the builder's override, else the policy's). */
  public Mode mode() {
    return state.get().mode;
  }

  /**
   * The masking pipeline of the policy in force: adapters mask with it before data leaves and
   * report counts with {@link #audit(AuditEvent)}.
   */
  public MaskingPipeline masking() {
    return state.get().masking;
  }

  /** How many audit events the sink failed to take since start. */
  public long auditFailures() {
    return auditFailures.sum();
  }

  /**
   * Replaces the policy atomically. Decisions in flight finish under the old policy; later ones
   * use the new one. The decision cache starts empty.
   *
   * @throws InvalidPolicyException when its IP-range files cannot be loaded (the old policy stays)
   */
  public void replacePolicy(ResidencyPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    State next = install(null, policy);
    LOG.info("residency policy replaced: {} (version {})", policy.source(), next.version);
  }

  /**
   * Loads a policy file and, if it is valid, puts it in force; a bad file keeps the old policy and
   * the result says why. Never throws for a bad file.
   */
  public ReloadResult reload(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      ResidencyPolicy policy = ResidencyPolicy.load(file);
      replacePolicy(policy);
      return new ReloadResult(true, policyVersion(), null);
    } catch (RuntimeException e) {
      LOG.warn("residency policy reload rejected, keeping version {}: {}", policyVersion(), e.getMessage());
      return new ReloadResult(false, policyVersion(), e);
    }
  }

  /**
   * The design's entry point: decides whether data may go to the endpoint and audits the decision,
   * exactly as {@link #evaluate(Endpoint)} does. Returns the decision in either mode and never
   * throws for policy reasons; a caller that wants a DENY to stop the call checks {@link
   * Decision#isBlocking()} or uses {@link #enforce(Endpoint)}.
   */
  public Decision check(Endpoint endpoint) {
    return evaluate(endpoint);
  }

  /**
   * Decides whether data may go to the endpoint, and audits the decision. Never throws for policy
   * reasons: a resolver failure is a DENY with {@link ReasonCode#DENIED_RESOLVER_ERROR}.
   */
  public Decision evaluate(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    State s = currentState();
    return audited(s, cachedDecision(s, endpoint));
  }

  private Decision cachedDecision(State s, Endpoint endpoint) {
    Decision d = s.cache.get(endpoint);
    if (d == null) {
      d = decide(s, endpoint, null);
      if (d.reasonCode() != ReasonCode.DENIED_RESOLVER_ERROR) {
        s.cache.put(endpoint, d);
      }
    }
    return d;
  }

  /**
   * Decides on every endpoint of one logical call (an S3 request touches a host, a signing region
   * and a bucket) and audits once: the worst decision (DENY over ALLOW_MASKED over ALLOW; the last
   * of equals, so list the most specific endpoint last), which is returned.
   *
   * @throws IllegalArgumentException when {@code endpoints} is empty
   */
  public Decision evaluateAll(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoints");
    }
    State s = currentState();
    List<Decision> decisions = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      decisions.add(cachedDecision(s, Objects.requireNonNull(e, "endpoint")));
    }
    return audited(s, worstOf(decisions));
  }

  /**
   * Decides without auditing, for adapters that combine several checks of one logical call (some
   * of which need a lookup only when earlier ones pass) and then report the result exactly once
   * with {@link #record(List)}. A decision obtained here and never recorded leaves no audit trail:
   * prefer {@link #evaluate} and {@link #evaluateAll} where they fit.
   */
  public Decision decide(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return cachedDecision(currentState(), endpoint);
  }

  /**
   * A DENY with {@link ReasonCode#DENIED_RESOLVER_ERROR} for a lookup an adapter could not complete
   * (a bucket's region, say): fail closed, whatever the policy says about unknown locations. Not
   * cached and not audited; report it with {@link #record(List)}.
   *
   * @param ruleId names the check, e.g. {@code s3.bucketRegion}
   * @param why what failed, without data values or credentials
   */
  public Decision failClosed(Endpoint endpoint, String ruleId, String why) {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(why, "why");
    return failClosed(currentState(), endpoint, ruleId, why);
  }

  private static Decision failClosed(State s, Endpoint endpoint, String ruleId, String why) {
    return Decision.builder(Outcome.DENY, ReasonCode.DENIED_RESOLVER_ERROR)
        .ruleId(ruleId)
        .endpoint(endpoint)
        .mode(s.mode)
        .policyVersion(s.version)
        .explanation("DENIED_RESOLVER_ERROR: " + (endpoint == null ? "-" : endpoint.toString()) + ": " + why + "; failing closed")
        .build();
  }

  /**
   * Audits the worst of {@code decisions} (one event; the last of equals) and returns it, or a DENY with {@link
   * ReasonCode#DENIED_AUDIT_FAILURE} when the audit trail is required and the sink failed.
   *
   * @throws IllegalArgumentException when {@code decisions} is empty
   */
  public Decision record(List<Decision> decisions) {
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException("no decisions");
    }
    return audited(currentState(), worstOf(decisions));
  }

  /** DENY over ALLOW_MASKED over ALLOW; the last of equals (callers list the most specific last). */
  private static Decision worstOf(List<Decision> decisions) {
    Decision worst = null;
    for (Decision d : decisions) {
      if (worst == null || rank(d.outcome()) >= rank(worst.outcome())) {
        worst = d;
      }
    }
    return worst;
  }

  /**
   * Like {@link #evaluate(Endpoint)}, then throws when the decision blocks (a DENY in enforce mode).
   *
   * @return the decision (ALLOW, ALLOW_MASKED, or a DENY in report-only mode)
   * @throws ResidencyViolationException when the decision blocks
   */
  public Decision enforce(Endpoint endpoint) {
    Decision d = evaluate(endpoint);
    if (d.isBlocking()) {
      throw new ResidencyViolationException(d);
    }
    return d;
  }

  /**
   * Parses a target (URL, host, JDBC URL, ARN, model id...) and decides on each of its endpoints;
   * an unparseable target gives one DENY with {@link ReasonCode#DENIED_INVALID_ENDPOINT}.
   *
   * @param kind the client kind, or {@code null} to guess it from the target
   */
  public List<Decision> evaluateTarget(EndpointKind kind, String target) {
    return evaluateTarget(kind, target, Map.of());
  }

  /**
   * Parses a target with the connection properties passed beside it (a JDBC driver's {@code
   * Properties}: see {@link Endpoints#parseAll(EndpointKind, String, Map)}) and decides on each
   * endpoint; an unparseable target, or properties that route the connection where the check
   * cannot see, give one DENY with {@link ReasonCode#DENIED_INVALID_ENDPOINT}.
   *
   * @param kind the client kind, or {@code null} to guess it from the target
   * @param properties connection properties, names as given; empty for none. Values are never
   *     audited or put in explanations
   */
  public List<Decision> evaluateTarget(EndpointKind kind, String target, Map<String, String> properties) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(properties, "properties");
    List<Endpoint> endpoints;
    try {
      endpoints = Endpoints.parseAll(kind, target, properties);
    } catch (InvalidEndpointException e) {
      State s = currentState();
      Decision d = Decision.builder(Outcome.DENY, ReasonCode.DENIED_INVALID_ENDPOINT)
          .ruleId("parse")
          .mode(s.mode)
          .policyVersion(s.version)
          .explanation("DENIED_INVALID_ENDPOINT: " + e.getMessage())
          .build();
      return List.of(audited(s, d));
    }
    List<Decision> out = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      out.add(evaluate(e));
    }
    return out;
  }

  /**
   * Explains, step by step, how the resolver chain placed the endpoint and why the decision came
   * out as it did. Not cached and not audited; for people ({@code residency explain}).
   */
  public List<String> explain(Endpoint endpoint) {
    List<String> trace = new ArrayList<>();
    State s = currentState();
    Decision d = decide(s, endpoint, trace);
    trace.add("decision: " + d.outcome() + " " + d.explanation());
    return trace;
  }

  /**
   * Sends an audit event (a masking action, say) to the guard's sink, counting a failure instead of
   * throwing. Adapters use it so that all events share one sink.
   */
  public void audit(AuditEvent event) {
    try {
      auditSink.accept(event);
    } catch (RuntimeException e) {
      auditFailures.increment();
    }
  }

  private State currentState() {
    State s = state.get();
    if (s.validUntilMillis != Long.MAX_VALUE && clock.millis() >= s.validUntilMillis) {
      // An exception expired: rebuild so no cached decision outlives it.
      State next = install(s, s.policy);
      if (next != s) {
        LOG.info("a residency exception expired; decision cache cleared");
      }
      return next;
    }
    return s;
  }

  private Decision audited(State s, Decision d) {
    try {
      auditSink.accept(AuditEvent.decision(clock.instant(), d));
      return d;
    } catch (RuntimeException e) {
      auditFailures.increment();
      if (!s.policy.auditRequired()) {
        return d;
      }
      return Decision.builder(Outcome.DENY, ReasonCode.DENIED_AUDIT_FAILURE)
          .ruleId("audit.required")
          .endpoint(d.endpoint())
          .location(d.location())
          .mode(s.mode)
          .policyVersion(s.version)
          .explanation("DENIED_AUDIT_FAILURE: the audit trail is required and the audit sink failed ("
              + e.getClass().getSimpleName() + ")")
          .build();
    }
  }

  private Decision decide(State s, Endpoint e, List<String> trace) {
    List<Location> locations = new ArrayList<>(3);
    try {
      locate(s, e, trace, locations);
      if (s.policy.hasAddressFacts()) {
        for (InetAddress a : e.addresses()) {
          Location l = locateAddress(s, a.getAddress());
          if (trace != null) {
            trace.add("resolved address " + a.getHostAddress() + ": " + l);
          }
          if (l.isUnknown()) {
            l = Location.unknown("resolved address " + a.getHostAddress()
                + (l == Location.unknown() ? " is in no declared CIDR or IP range" : ": " + l.basis()));
          }
          locations.add(l);
        }
      }
    } catch (RuntimeException ex) {
      LOG.warn("residency resolver failed for {}: {}", e, ex.toString());
      String why = ex instanceof ResolverTimeoutException
          ? "the custom resolver did not answer within " + resolverTimeout.toMillis() + " ms"
          : "resolving the location failed (" + ex.getClass().getSimpleName() + ")";
      return failClosed(s, e, "resolver", why);
    }
    Decision worst = null;
    for (Location l : locations) {
      Decision d = judge(s, e, l);
      if (worst == null || rank(d.outcome()) > rank(worst.outcome())) {
        worst = d;
      }
    }
    return worst;
  }

  private static int rank(Outcome o) {
    return o == Outcome.DENY ? 2 : o == Outcome.ALLOW_MASKED ? 1 : 0;
  }

  /**
   * Places the endpoint into {@code out}: one location, or two that must both be allowed. A
   * declared or reported resource location places the data on its own only when the endpoint has
   * no host (the provider's client picks it) or the host is the provider's own service for that
   * resource: a bucket name means nothing on another S3-compatible server. On any other host the
   * host is placed as if no resource were named, and the resource's location must be allowed too.
   */
  private void locate(State s, Endpoint e, List<String> trace, List<Location> out) {
    Location resource = locateResource(s, e, trace);
    if (resource == Location.unknown()) {
      out.add(locateHost(s, e, trace));
      return;
    }
    if (e.host() == null || resource.isUnknown() || s.provider.servesResource(e, resource.region())) {
      if (trace != null && e.host() != null && !resource.isUnknown()) {
        trace.add("host " + e.host() + " is the provider's own service for the resource: the resource decides");
      }
      out.add(resource);
      return;
    }
    if (trace != null) {
      trace.add("host " + e.host() + " is not the provider's own service for the resource: the host is placed too");
    }
    Location host = locateHost(s, e, trace);
    out.add(resource);
    out.add(host.isUnknown()
        ? Location.unknown("resource " + e.resource() + " is placed (" + resource.basis() + ") only on its provider's "
            + "own hosts, and host " + e.host() + " is neither one nor placed itself: " + host.basis())
        : host);
  }

  /** Declared resources, embedded databases, then the location the provider reported; no answer otherwise. */
  private Location locateResource(State s, Endpoint e, List<String> trace) {
    Location l = s.facts.resolveResource(e);
    step(trace, "declared resources / embedded", l);
    if (!l.isUnknown() || l != Location.unknown()) {
      return l;
    }
    if (e.resourceLocation() != null) {
      Region r = s.policy.catalog().find(e.resourceLocation());
      l = r != null
          ? Location.of(r, "the provider reports resource " + e.resource() + " in " + r.id())
          : Location.unknown("the provider reports location '" + e.resourceLocation() + "', which is not in the region catalog");
      step(trace, "resource location reported by the provider", l);
      return l;
    }
    return l;
  }

  /** Declared hosts and CIDRs, the custom resolver, provider knowledge, published IP ranges. */
  private Location locateHost(State s, Endpoint e, List<String> trace) {
    Location l = s.facts.resolveHost(e);
    step(trace, "declared hosts / CIDRs", l);
    if (!l.isUnknown() || l != Location.unknown()) {
      return l;
    }
    Location why = Location.unknown();
    if (customResolver != null) {
      l = resolveCustom(e);
      if (l == null) {
        throw new IllegalStateException("custom resolver returned null");
      }
      step(trace, "custom resolver", l);
      if (!l.isUnknown()) {
        return l;
      }
      why = l != Location.unknown() ? l : why;
    }
    l = s.provider.resolve(e);
    step(trace, "provider knowledge", l);
    if (!l.isUnknown()) {
      return l;
    }
    why = l != Location.unknown() ? l : why;
    byte[] address = IpAddresses.toBytes(e.host());
    if (address != null) {
      l = s.ipRanges.resolveAddress(address);
      step(trace, "published IP ranges", l);
      if (!l.isUnknown()) {
        return l;
      }
      if (l != Location.unknown()) {
        why = l; // a published range matched but places nothing: say which
      } else if (why == Location.unknown()) {
        why = Location.unknown("IP address " + e.displayHost() + " is in no declared CIDR or IP range");
      }
    }
    if (why == Location.unknown() && e.host() != null) {
      why = Location.unknown("no policy fact or provider rule places host " + e.host());
    } else if (why == Location.unknown()) {
      why = Location.unknown("the endpoint names no host, and no fact places its resource");
    }
    return why;
  }

  /**
   * Calls the custom resolver, bounded by the resolver timeout. Only uncached decisions get here,
   * so the hop to the resolver thread never touches the cached hot path.
   */
  private Location resolveCustom(Endpoint e) {
    if (resolverPool == null) {
      return customResolver.resolve(e);
    }
    Future<Location> f = resolverPool.submit(() -> customResolver.resolve(e));
    try {
      return f.get(resolverTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException ex) {
      f.cancel(true);
      throw new ResolverTimeoutException();
    } catch (InterruptedException ex) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the custom resolver ran", ex);
    } catch (ExecutionException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A custom resolver call that outlived the resolver timeout. */
  private static final class ResolverTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResolverTimeoutException() {
      super("custom resolver timed out", null, false, false);
    }
  }

  private Location locateAddress(State s, byte[] address) {
    Location l = s.facts.resolveAddress(address);
    return l.isUnknown() ? s.ipRanges.resolveAddress(address) : l;
  }

  private static void step(List<String> trace, String name, Location l) {
    if (trace != null) {
      trace.add(name + ": " + (l == Location.unknown() ? "no answer" : l.toString()));
    }
  }

  private Decision judge(State s, Endpoint e, Location l) {
    ResidencyPolicy p = s.policy;
    Outcome outcome;
    ReasonCode code;
    String rule;
    String detail;
    if (l.isUnknown()) {
      if (p.unknown() == ResidencyPolicy.UnknownAction.ALLOW) {
        outcome = Outcome.ALLOW;
        code = ReasonCode.ALLOWED_UNKNOWN;
        detail = "location unknown (" + l.basis() + "); the policy allows unknown locations";
      } else {
        outcome = Outcome.DENY;
        code = ReasonCode.DENIED_UNKNOWN;
        detail = "location unknown (" + l.basis() + "); unknown locations are denied";
      }
      rule = "residency.unknown";
    } else if (l.region() != null && p.allowRegions().contains(l.region())) {
      outcome = Outcome.ALLOW;
      code = ReasonCode.ALLOWED_LOCATION;
      rule = "residency.allow.regions";
      detail = "resolved to " + l.describe() + " via " + l.basis() + "; region allowed";
    } else if (!l.isGlobal() && p.allowedCountries().containsAll(l.countries())) {
      outcome = Outcome.ALLOW;
      code = ReasonCode.ALLOWED_LOCATION;
      rule = "residency.allow";
      detail = "resolved to " + l.describe() + " via " + l.basis() + "; every country allowed";
    } else if ((l.region() != null && p.allowMaskedRegions().contains(l.region()))
        || (!l.isGlobal() && union(p.allowedCountries(), p.allowedMaskedCountries()).containsAll(l.countries()))) {
      outcome = Outcome.ALLOW_MASKED;
      code = ReasonCode.ALLOWED_LOCATION;
      rule = "residency.allowMasked";
      detail = "resolved to " + l.describe() + " via " + l.basis() + "; allowed once masked";
    } else {
      outcome = Outcome.DENY;
      code = ReasonCode.DENIED_LOCATION;
      rule = "residency.allow";
      if (l.isGlobal()) {
        detail = "resolved to " + l.describe() + " via " + l.basis() + "; data may be processed in any country";
      } else {
        Set<String> outside = new TreeSet<>(l.countries());
        outside.removeAll(p.allowedCountries());
        detail = "resolved to " + l.describe() + " via " + l.basis() + "; not allowed: " + String.join(",", outside);
      }
    }
    if (outcome == Outcome.DENY && e.host() != null) {
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      for (Exemption x : p.exceptions()) {
        if (!x.matches(e.host())) {
          continue;
        }
        if (x.isActiveOn(today)) {
          return Decision.builder(Outcome.ALLOW, ReasonCode.ALLOWED_EXCEPTION)
              .ruleId(x.id())
              .endpoint(e)
              .location(l)
              .mode(s.mode)
              .policyVersion(s.version)
              .explanation("ALLOWED_EXCEPTION: " + e + " " + detail + "; allowed by exception " + x.id()
                  + " until " + x.expires() + ": " + x.reason())
              .build();
        }
        detail = detail + "; exception " + x.id() + " expired on " + x.expires();
      }
    }
    return Decision.builder(outcome, code)
        .ruleId(rule)
        .endpoint(e)
        .location(l)
        .mode(s.mode)
        .policyVersion(s.version)
        .explanation(code + ": " + e + " " + detail + " (rule " + rule + ")")
        .build();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /** Builds a {@link ResidencyGuard}. Not thread-safe. */
  public static final class Builder {
    private final ResidencyPolicy policy;
    private EndpointResolver resolver;
    private Mode mode;
    private AuditSink auditSink;
    private Clock clock = Clock.systemUTC();
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private Duration resolverTimeout = DEFAULT_RESOLVER_TIMEOUT;

    private Builder(ResidencyPolicy policy) {
      this.policy = policy;
    }

    /**
     * Adds a resolver consulted after the policy's facts and before provider knowledge. Default:
     * none.
     */
    public Builder setEndpointResolver(EndpointResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Bounds each call of the custom resolver: a call that takes longer is abandoned (its thread
     * interrupted) and the decision is DENY with {@link ReasonCode#DENIED_RESOLVER_ERROR} (in
     * report-only mode: decided and audited, not blocking), and not cached. Calls then run on a
     * small pool of daemon threads; cached decisions never reach the resolver. {@link
     * Duration#ZERO} calls the resolver on the caller's thread, unbounded. Default {@link
     * ResidencyGuard#DEFAULT_RESOLVER_TIMEOUT} (5 s).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder setResolverTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("resolver timeout must not be negative, got " + timeout);
      }
      this.resolverTimeout = timeout;
      return this;
    }

    /** Overrides the policy's mode (also across reloads). Default: the policy's mode. */
    public Builder setMode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Sets the audit sink. Default: the policy's {@code audit.sink} (SLF4J when absent). */
    public Builder setAuditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    /** Sets the clock used for audit timestamps and exception expiry. Default: system UTC. */
    public Builder setClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Bounds the decision cache. Default {@value ResidencyGuard#DEFAULT_CACHE_SIZE} entries.
     *
     * @throws IllegalArgumentException when below 2
     */
    public Builder setCacheSize(int entries) {
      if (entries < 2) {
        throw new IllegalArgumentException("cache size must be >= 2, got " + entries);
      }
      this.cacheSize = entries;
      return this;
    }

    /**
     * Builds the guard.
     *
     * @throws InvalidPolicyException when the policy's IP-range files cannot be loaded
     * @throws IllegalArgumentException when the policy's audit sink spec is invalid
     */
    public ResidencyGuard build() {
      return new ResidencyGuard(this);
    }
  }
}

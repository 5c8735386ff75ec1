package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import dev.residency.Scope;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS host names and ARNs: regional service endpoints, S3 (virtual-hosted, path-style, legacy,
 * access points, Multi-Region Access Points, Transfer Acceleration), RDS / Aurora, Redshift,
 * ElastiCache and the partition rules. Bedrock model ids are delegated to {@link BedrockRules}.
 * Internal, may change without notice. Thread-safe.
 *
 * <p>Returns {@code null} when a host or ARN is not AWS's at all, so that other rules may answer.
 */
final class AwsRules {
  /**
   * A region code's shape, wide enough for every partition (eu-west-1, us-gov-west-1,
   * eusc-de-east-1, us-isob-east-1). Whether the code exists is the catalog's question.
   */
  static final Pattern REGION_SYNTAX = Pattern.compile("[a-z]{2,4}(?:-[a-z]+){1,3}-[0-9]{1,2}");

  /**
   * Partitions and their DNS suffixes. Source: the AWS SDKs' partition table (partitions.json, as
   * in https://github.com/aws/aws-sdk-js-v3/blob/main/packages/util-endpoints/src/lib/aws/partitions.json):
   * aws and aws-us-gov use amazonaws.com and, dual-stack, api.aws; aws-cn amazonaws.com.cn and
   * api.amazonwebservices.com.cn; aws-eusc amazonaws.eu and api.amazonwebservices.eu. The ISO
   * partitions are not placed.
   */
  enum Partition {
    AWS("aws"),
    AWS_US_GOV("aws-us-gov"),
    AWS_CN("aws-cn"),
    AWS_EUSC("aws-eusc");

    final String arnName;

    Partition(String arnName) {
      this.arnName = arnName;
    }

    /** The partition a region code belongs to (by the SDKs' regionRegex), or null for ISO ones. */
    static Partition ofRegion(String code) {
      if (code.startsWith("cn-")) {
        return AWS_CN;
      }
      if (code.startsWith("eusc-")) {
        return AWS_EUSC;
      }
      if (code.startsWith("us-gov-")) {
        return AWS_US_GOV;
      }
      if (code.contains("-iso")) {
        return null;
      }
      return AWS;
    }

    static Partition ofArnName(String name) {
      for (Partition p : values()) {
        if (p.arnName.equals(name)) {
          return p;
        }
      }
      return null;
    }
  }

  /** A DNS suffix and the partitions that may use it; longest suffixes first. */
  private static final class Suffix {
    final String domain;
    final Set<Partition> partitions;

    Suffix(String domain, Set<Partition> partitions) {
      this.domain = domain;
      this.partitions = partitions;
    }
  }

  private static final List<Suffix> SUFFIXES =
      List.of(
          new Suffix("api.amazonwebservices.com.cn", Set.of(Partition.AWS_CN)),
          new Suffix("amazonaws.com.cn", Set.of(Partition.AWS_CN)),
          new Suffix("api.amazonwebservices.eu", Set.of(Partition.AWS_EUSC)),
          new Suffix("amazonaws.eu", Set.of(Partition.AWS_EUSC)),
          new Suffix("api.aws", Set.of(Partition.AWS, Partition.AWS_US_GOV)),
          new Suffix("amazonaws.com", Set.of(Partition.AWS, Partition.AWS_US_GOV)));

  /**
   * Services whose hosts put the region label just before the service label
   * ({@code name.abc123.REGION.rds.amazonaws.com}). Sources:
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ConnectToInstance.html (RDS, Aurora
   * cluster-, cluster-ro-, proxy- endpoints), https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-connection-string.html
   * (Redshift, Redshift Serverless), https://docs.aws.amazon.com/documentdb/latest/developerguide/connect_programmatically.html
   * (DocumentDB), https://docs.aws.amazon.com/neptune/latest/userguide/feature-overview-endpoints.html
   * (Neptune), https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html
   * (OpenSearch {@code es}, Serverless {@code aoss}),
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
   * (ELB), https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-hostnames (EC2).
   */
  private static final Set<String> REGION_BEFORE_SERVICE =
      Set.of("rds", "redshift", "redshift-serverless", "docdb", "neptune", "es", "aoss", "elb", "compute");

  private static final Map<String, String> DIRECTION_ABBREVIATIONS =
      Map.of(
          "north", "n", "south", "s", "east", "e", "west", "w", "central", "c",
          "northeast", "ne", "northwest", "nw", "southeast", "se", "southwest", "sw");

  private final RegionCatalog catalog;
  private final BedrockRules bedrock;
  /** ElastiCache's short region labels ({@code euw1}) to region codes, derived from the catalog. */
  private final Map<String, String> cacheLabels;

  AwsRules(RegionCatalog catalog) {
    this.catalog = catalog;
    this.bedrock = new BedrockRules(catalog, this);
    this.cacheLabels = cacheLabels(catalog);
  }

  /**
   * ElastiCache hosts abbreviate the region ({@code use1}, {@code euw1}, {@code apse2}): the geo
   * part, the initials of the direction, the number. Derived for every catalog region of the form
   * geo-direction-n; an abbreviation two regions would share is dropped rather than guessed.
   * Source: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Endpoints.html (endpoint examples).
   */
  private static Map<String, String> cacheLabels(RegionCatalog catalog) {
    Map<String, String> out = new HashMap<>();
    Set<String> clashes = new java.util.HashSet<>();
    for (Region r : catalog.regions()) {
      if (!r.id().startsWith("aws:") || r.scope() != Scope.REGION) {
        continue;
      }
      String[] parts = r.code().split("-");
      if (parts.length != 3 || !DIRECTION_ABBREVIATIONS.containsKey(parts[1])) {
        continue;
      }
      String label = parts[0] + DIRECTION_ABBREVIATIONS.get(parts[1]) + parts[2];
      if (out.putIfAbsent(label, r.code()) != null) {
        clashes.add(label);
      }
    }
    clashes.forEach(out::remove);
    return Map.copyOf(out);
  }

  /** Places an AWS host, or returns null when the host is not under an AWS suffix. */
  Location resolveHost(Endpoint e) {
    String host = e.host();
    Suffix suffix = null;
    for (Suffix s : SUFFIXES) {
      if (HostNames.isSameOrSubdomain(host, s.domain)) {
        suffix = s;
        break;
      }
    }
    if (suffix == null) {
      return null;
    }
    if (host.length() == suffix.domain.length()) {
      return Location.unknown(host + " is AWS's domain itself, not a service endpoint");
    }
    List<String> labels = Arrays.asList(host.substring(0, host.length() - suffix.domain.length() - 1).split("\\."));
    int n = labels.size();
    String last = labels.get(n - 1);
    boolean commercial = suffix.domain.equals("amazonaws.com");

    // Interface VPC endpoints: vpce-id.SERVICE.REGION.vpce.amazonaws.com read like SERVICE.REGION.
    // Source: https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
    if (last.equals("vpce") && n >= 3) {
      labels = labels.subList(0, n - 1);
      n--;
      last = labels.get(n - 1);
    } else if (commercial) {
      Location global = globalForms(host, labels);
      if (global != null) {
        return global;
      }
    }

    // svc.REGION.amazonaws.com and every form ending in the region: dual-stack
    // (s3.dualstack.REGION, svc.REGION.api.aws), FIPS (svc-fips.REGION, s3-fips.dualstack.REGION),
    // S3 virtual-hosted (bucket.s3.REGION), access points (name-acct.s3-accesspoint.REGION),
    // S3 control (acct.s3-control.REGION), China RDS (x.abc.rds.cn-north-1.amazonaws.com.cn).
    // Sources: https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-naming.html,
    // https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html (China).
    if (REGION_SYNTAX.matcher(last).matches()) {
      if (n >= 2 && labels.get(n - 2).equals("s3-outposts")) {
        return Location.unknown(
            "S3 on Outposts endpoint " + host + ": the data lives on the Outpost, on premises wherever it was installed, "
                + "not in " + last + "; declare it in the policy");
      }
      Location region = region(last, suffix, host);
      if (region.isUnknown()) {
        return region;
      }
      String service = serviceLabel(labels);
      if (service.startsWith("bedrock")) {
        return bedrock.resolveHost(e, service, region);
      }
      return Location.of(region.region(), "AWS " + service + " endpoint " + host + " in " + last);
    }

    // Legacy dash forms: s3-REGION, bucket.s3-REGION, s3-website-REGION, s3-fips-REGION.
    // Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html#s3-dash-region
    // and https://docs.aws.amazon.com/general/latest/gr/s3.html (website endpoints).
    String legacyCode = legacyDashRegion(last);
    if (legacyCode != null) {
      Location region = region(legacyCode, suffix, host);
      return region.isUnknown()
          ? region
          : Location.of(region.region(), "AWS S3 legacy endpoint " + host + " (s3-REGION form) in " + legacyCode);
    }

    // name.abc123.REGION.rds.amazonaws.com and the other region-before-service hosts.
    if (n >= 2 && REGION_BEFORE_SERVICE.contains(last) && REGION_SYNTAX.matcher(labels.get(n - 2)).matches()) {
      String code = labels.get(n - 2);
      if (last.equals("rds") && suffix.partitions.contains(Partition.AWS_CN)) {
        // China puts rds before the region: x.abc.rds.cn-north-1.amazonaws.com.cn.
        return Location.unknown(host + " uses the commercial REGION.rds order under a China suffix; China RDS hosts read rds.REGION");
      }
      Location region = region(code, suffix, host);
      return region.isUnknown()
          ? region
          : Location.of(region.region(), "AWS " + last + " endpoint " + host + " in " + code);
    }

    // ElastiCache: name.abc.0001.euw1.cache.amazonaws.com, name-abc.serverless.use1.cache.amazonaws.com.
    // Source: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Endpoints.html
    if (n >= 2 && last.equals("cache")) {
      String label = labels.get(n - 2);
      String code = REGION_SYNTAX.matcher(label).matches() ? label : cacheLabels.get(label);
      if (code == null) {
        return Location.unknown("ElastiCache host " + host + " has region label '" + label + "', which matches no catalog region");
      }
      Location region = region(code, suffix, host);
      return region.isUnknown()
          ? region
          : Location.of(region.region(), "AWS ElastiCache endpoint " + host + " in " + code);
    }

    // The EC2 public DNS names of us-east-1 read compute-1 instead of REGION.compute.
    // Source: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-hostnames
    if (commercial && last.equals("compute-1") && n >= 2) {
      return usEast1("AWS EC2 public DNS name " + host + " (compute-1 is us-east-1)");
    }

    return Location.unknown("AWS host " + host + " matches no known regional endpoint pattern");
  }

  /**
   * The partition whose S3 ({@code family} {@code "s3"}) or Bedrock ({@code "bedrock"}) service the
   * host is, or null when it is neither: a host ending in a region whose service label is {@code s3},
   * {@code s3-*} (FIPS, access points, Object Lambda, control, Outposts, website) or {@code s3express*},
   * resp. {@code bedrock*} (an interface VPC endpoint's {@code .vpce} is looked through); for S3 also
   * the legacy {@code s3-REGION} forms and the global forms under amazonaws.com ({@code s3},
   * {@code s3-external-1}, {@code s3-accelerate}, {@code s3-global}). Only labels AWS assigns are
   * read: a name a customer picks (a load balancer, an EC2 host running any server) never stands in
   * these positions. Bucket names and model ids are unique within a partition, not beyond it.
   */
  Partition servicePartition(String host, String family) {
    Suffix suffix = null;
    for (Suffix s : SUFFIXES) {
      if (HostNames.isSameOrSubdomain(host, s.domain)) {
        suffix = s;
        break;
      }
    }
    if (suffix == null || host.length() == suffix.domain.length()) {
      return null;
    }
    List<String> labels = Arrays.asList(host.substring(0, host.length() - suffix.domain.length() - 1).split("\\."));
    int n = labels.size();
    String last = labels.get(n - 1);
    if (last.equals("vpce") && n >= 3) {
      labels = labels.subList(0, n - 1);
      n--;
      last = labels.get(n - 1);
    }
    boolean s3 = family.equals("s3");
    if (REGION_SYNTAX.matcher(last).matches()) {
      String service = serviceLabel(labels);
      boolean member = s3
          ? service.equals("s3") || service.startsWith("s3-") || service.startsWith("s3express")
          : service.startsWith(family);
      return n >= 2 && member ? partitionOf(last, suffix) : null;
    }
    if (!s3) {
      return null;
    }
    String legacyCode = legacyDashRegion(last);
    if (legacyCode != null) {
      return partitionOf(legacyCode, suffix);
    }
    boolean global = last.equals("s3") || last.equals("s3-external-1") || last.equals("s3-accelerate")
        || last.equals("s3-global") || (last.equals("dualstack") && n >= 2 && labels.get(n - 2).equals("s3-accelerate"));
    return global && suffix.domain.equals("amazonaws.com") ? Partition.AWS : null;
  }

  /** The partition of a region code, when the suffix belongs to it; else null. */
  /**
   * The region of a legacy dash label (s3-REGION, s3-website-REGION, s3-fips-REGION), or null when
   * the label is not one.
   */
  private static String legacyDashRegion(String label) {
    if (!label.startsWith("s3-")) {
      return null;
    }
    String code = label.substring(3);
    for (String prefix : List.of("website-", "fips-")) {
      if (code.startsWith(prefix)) {
        code = code.substring(prefix.length());
      }
    }
    return REGION_SYNTAX.matcher(code).matches() ? code : null;
  }

  private static Partition partitionOf(String code, Suffix suffix) {
    Partition p = Partition.ofRegion(code);
    return p != null && suffix.partitions.contains(p) ? p : null;
  }

  /** The service label of a host ending in a region: the label before it, skipping "dualstack". */
  private static String serviceLabel(List<String> labels) {
    int n = labels.size();
    if (n < 2) {
      return "regional";
    }
    String s = labels.get(n - 2);
    if (s.equals("dualstack") && n >= 3) {
      s = labels.get(n - 3);
    }
    return s;
  }

  /** Forms without a region label under amazonaws.com, or null when none applies. */
  private Location globalForms(String host, List<String> labels) {
    int n = labels.size();
    String last = labels.get(n - 1);
    // Multi-Region Access Points: alias.mrap.accesspoint.s3-global.amazonaws.com route to any of
    // their buckets' Regions. Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequests.html
    if (last.equals("s3-global")) {
      if (n >= 4 && labels.get(n - 2).equals("accesspoint") && labels.get(n - 3).equals("mrap")) {
        return Location.global("aws", "S3 Multi-Region Access Point " + host + ": requests are routed to any of its buckets' Regions");
      }
      return Location.unknown("S3 global host " + host + " is not a Multi-Region Access Point endpoint");
    }
    // Transfer Acceleration: s3-accelerate(.dualstack).amazonaws.com, via edge locations worldwide.
    // Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/transfer-acceleration-getting-started.html
    if (last.equals("s3-accelerate") || (last.equals("dualstack") && n >= 2 && labels.get(n - 2).equals("s3-accelerate"))) {
      return Location.global("aws", "S3 Transfer Acceleration endpoint " + host + ": data enters at any edge location");
    }
    // Aurora Global Database writer endpoint: name.global-abc.global.rds.amazonaws.com follows the
    // primary cluster across Regions. Source:
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html
    if (last.equals("rds") && n >= 2 && labels.get(n - 2).equals("global")) {
      return Location.global("aws", "Aurora Global Database writer endpoint " + host + ": follows the primary cluster to any Region");
    }
    // Legacy global endpoints: s3.amazonaws.com and s3-external-1.amazonaws.com are us-east-1.
    // Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html#deprecated-global-endpoint
    // and https://docs.aws.amazon.com/general/latest/gr/s3.html.
    if (last.equals("s3-external-1")) {
      return usEast1("AWS S3 legacy endpoint " + host + " (s3-external-1 is us-east-1)");
    }
    if (last.equals("s3")) {
      if (n == 1) {
        return usEast1("AWS S3 legacy global endpoint s3.amazonaws.com (us-east-1)");
      }
      return Location.unknown(
          "virtual-hosted S3 host " + host + " names no Region: the bucket's own Region decides; "
              + "pass it as the endpoint's resource location or declare the bucket in the policy");
    }
    return null;
  }

  private Location usEast1(String basis) {
    Region r = catalog.find("aws", "us-east-1");
    return r == null ? Location.unknown(basis + ", but aws:us-east-1 is not in the region catalog") : Location.of(r, basis);
  }

  /** The catalog region for a host's region label, checked against the host's partition suffix. */
  private Location region(String code, Suffix suffix, String host) {
    Partition p = Partition.ofRegion(code);
    if (p == null || !suffix.partitions.contains(p)) {
      return Location.unknown(
          "AWS host " + host + " names region " + code + " under ." + suffix.domain + ", which is not that region's partition suffix");
    }
    Region r = catalog.find("aws", code);
    if (r == null) {
      return Location.unknown("AWS host " + host + " names region " + code + ", which is not in the region catalog");
    }
    return Location.of(r, "AWS region " + code);
  }

  /** The catalog region for an ARN's region field, checked against its partition; unknown otherwise. */
  Location arnRegion(Arn arn) {
    Partition p = Partition.ofArnName(arn.partition);
    if (p == null) {
      return Location.unknown("ARN partition " + arn.partition + " is not placed by provider rules");
    }
    if (!REGION_SYNTAX.matcher(arn.region).matches() || Partition.ofRegion(arn.region) != p) {
      return Location.unknown("ARN region " + arn.region + " does not belong to partition " + arn.partition);
    }
    Region r = catalog.find("aws", arn.region);
    if (r == null) {
      return Location.unknown("ARN region " + arn.region + " is not in the region catalog");
    }
    return Location.of(r, "ARN region " + arn.region);
  }

  /** Places a bare Bedrock model id (no host). */
  Location bedrockModel(String model) {
    return bedrock.resolveModel(model);
  }

  /** Places an ARN resource (no host), or returns null when the resource is not an ARN. */
  Location resolveArn(Endpoint e, String resource) {
    Arn arn = Arn.parse(resource);
    if (arn == null) {
      return resource.regionMatches(true, 0, "arn:", 0, 4) ? Location.unknown("malformed ARN") : null;
    }
    switch (arn.service) {
      case "bedrock":
        return bedrock.resolveArn(arn, null);
      case "s3":
      case "s3-object-lambda":
      case "s3express":
        return s3Arn(arn);
      case "s3-outposts":
        return Location.unknown("S3 on Outposts ARN: the data lives on the Outpost, on premises; declare it in the policy");
      default:
        return Location.unknown("provider rules place S3 and Bedrock ARNs only, not service " + arn.service + "; declare the resource in the policy");
    }
  }

  /**
   * S3 ARNs: access points ({@code arn:aws:s3:REGION:acct:accesspoint/x}) are in their Region;
   * Multi-Region Access Points ({@code arn:aws:s3::acct:accesspoint/x.mrap}) are global; bucket
   * ARNs ({@code arn:aws:s3:::bucket}) carry no Region. Sources:
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-access-points.html,
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequests.html.
   */
  private Location s3Arn(Arn arn) {
    if (arn.region.isEmpty()) {
      if (arn.resource.startsWith("accesspoint/") && arn.resource.endsWith(".mrap") && !arn.account.isEmpty()) {
        if (Partition.ofArnName(arn.partition) == null) {
          return Location.unknown("ARN partition " + arn.partition + " is not placed by provider rules");
        }
        return Location.global("aws", "S3 Multi-Region Access Point ARN: requests are routed to any of its buckets' Regions");
      }
      return Location.unknown("S3 ARN names no Region: the bucket's own Region decides; pass it as the resource location or declare it");
    }
    Location region = arnRegion(arn);
    return region.isUnknown() ? region : Location.of(region.region(), "AWS " + arn.service + " ARN in " + arn.region);
  }

  /** {@code arn:partition:service:region:account:resource}, split once; fields may be empty. */
  static final class Arn {
    final String partition;
    final String service;
    final String region;
    final String account;
    final String resource;

    private Arn(String[] p) {
      this.partition = p[1];
      this.service = p[2];
      this.region = p[3];
      this.account = p[4];
      this.resource = p[5];
    }

    /** Parses an ARN, or returns null when the text is not one. */
    static Arn parse(String text) {
      if (!text.startsWith("arn:")) {
        return null;
      }
      String[] p = text.split(":", 6);
      if (p.length != 6 || p[1].isEmpty() || p[2].isEmpty() || p[5].isEmpty()) {
        return null;
      }
      return new Arn(p);
    }
  }
}

package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.EndpointResolver;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.util.Objects;

/**
 * Provider knowledge: AWS, GCP, Azure and LLM API host patterns, ARNs and model ids. Internal, may
 * change without notice. Thread-safe.
 *
 * <p>Hosts are matched on whole labels under each provider's own domain ({@link
 * HostNames#isSameOrSubdomain}), so {@code s3.eu-west-1.amazonaws.com.evil.com} and {@code
 * evilamazonaws.com} are never placed; a region code must also be in the catalog. Each rule names
 * its source in {@link AwsRules}, {@link BedrockRules}, {@link GcpRules}, {@link AzureRules} and
 * {@link LlmRules}. Returns {@link Location#unknown()} ("no answer") for anything else, and an
 * explained unknown when a provider host or resource is recognized but cannot be placed.
 */
public final class ProviderResolver implements EndpointResolver {
  private final RegionCatalog catalog;
  private final AwsRules aws;
  private final GcpRules gcp;
  private final AzureRules azure;
  private final LlmRules llm;

  public ProviderResolver(RegionCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.aws = new AwsRules(catalog);
    this.gcp = new GcpRules(catalog);
    this.azure = new AzureRules(catalog);
    this.llm = new LlmRules(catalog);
  }

  @Override
  public Location resolve(Endpoint endpoint) {
    String host = endpoint.host();
    if (host != null) {
      if (HostNames.isIpLiteral(host)) {
        return Location.unknown();
      }
      Location l = aws.resolveHost(endpoint);
      if (l == null) {
        l = gcp.resolveHost(endpoint);
      }
      if (l == null) {
        l = azure.resolveHost(endpoint);
      }
      if (l == null) {
        l = llm.resolveHost(endpoint);
      }
      return l == null ? Location.unknown() : l;
    }
    String resource = endpoint.resource();
    if (resource == null) {
      return Location.unknown();
    }
    if (resource.startsWith("arn:")) {
      Location l = aws.resolveArn(endpoint, resource);
      return l == null ? Location.unknown() : l;
    }
    if (endpoint.kind() == EndpointKind.LLM) {
      return aws.bedrockModel(resource);
    }
    return Location.unknown();
  }

  /**
   * Whether the endpoint's host is the provider's own service for a resource placed in {@code
   * region}, so that the resource's name means the same resource everywhere the host can reach:
   * for {@link EndpointKind#S3}, an AWS S3 host of the region's partition (bucket names are unique
   * within a partition); for {@link EndpointKind#GCS}, a Cloud Storage host and a GCP region; for
   * {@link EndpointKind#LLM}, an Amazon Bedrock host of the region's partition (model ids, profile
   * and model ARNs) whose request path names no other model and can be read. Anything else
   * (S3-compatible servers, Azure deployments, whose names are unique only within their resource,
   * other model APIs, where the host decides) is not.
   */
  public boolean servesResource(Endpoint e, Region region) {
    String host = e.host();
    if (host == null || region == null) {
      return false;
    }
    switch (e.kind()) {
      case S3:
        return awsService(host, "s3", region);
      case LLM:
        // A path that names another model (or cannot be read) must be placed too, not overruled.
        return awsService(host, "bedrock", region) && BedrockRules.pathAgreesWithResource(e);
      case GCS:
        return region.provider().equals("gcp") && isCloudStorageHost(host);
      default:
        return false;
    }
  }

  private boolean awsService(String host, String family, Region region) {
    if (!region.provider().equals("aws")) {
      return false;
    }
    AwsRules.Partition p = aws.servicePartition(host, family);
    return p != null && p == AwsRules.Partition.ofRegion(region.code());
  }

  /**
   * storage.googleapis.com, BUCKET.storage.googleapis.com, storage.mtls.googleapis.com, the JSON
   * API's www.googleapis.com and the regional storage.LOCATION.rep.googleapis.com. Source:
   * https://cloud.google.com/storage/docs/request-endpoints,
   * https://cloud.google.com/storage/docs/regional-endpoints.
   */
  private static boolean isCloudStorageHost(String host) {
    String domain = "googleapis.com";
    if (!HostNames.isSameOrSubdomain(host, domain) || host.length() == domain.length()) {
      return false;
    }
    String sub = host.substring(0, host.length() - domain.length() - 1);
    return sub.equals("storage") || sub.endsWith(".storage") || sub.equals("storage.mtls") || sub.equals("www")
        || sub.matches("storage\\.[a-z0-9-]+\\.rep");
  }

  RegionCatalog catalog() {
    return catalog;
  }
}

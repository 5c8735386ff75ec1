package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointFact;
import dev.residency.Jurisdiction;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import dev.residency.ResidencyPolicy;

/** Answers from the policy's declared facts. Internal, may change without notice. Thread-safe. */
public final class PolicyFactsResolver {
  private final ResidencyPolicy policy;
  private final RegionCatalog catalog;

  public PolicyFactsResolver(ResidencyPolicy policy) {
    this.policy = policy;
    this.catalog = policy.catalog();
  }

  /** Declared resources, and embedded databases (which run where this service runs: home). */
  public Location resolveResource(Endpoint e) {
    if (e.attribute("embedded") != null) {
      Region home = policy.home();
      return home == null
          ? Location.unknown("embedded " + e.attribute("embedded") + " database runs in this process; residency.home is not set")
          : Location.of(home, "embedded " + e.attribute("embedded") + " database runs in this process (residency.home)");
    }
    if (e.resource() == null) {
      return Location.unknown();
    }
    for (EndpointFact f : policy.endpoints()) {
      if (f.resource() != null && f.resource().equals(e.resource()) && (f.kind() == null || f.kind() == e.kind())) {
        return Location.of(f.region(), f.id() + " declares resource " + f.resource());
      }
    }
    return Location.unknown();
  }

  /** Declared hosts (and Azure deployments), then CIDR facts for IP literal hosts. */
  public Location resolveHost(Endpoint e) {
    String host = e.host();
    if (host == null) {
      return Location.unknown();
    }
    for (EndpointFact f : policy.endpoints()) {
      if (f.matchesHost(host) && (f.kind() == null || f.kind() == e.kind())) {
        // An Azure OpenAI / AI Foundry resource runs each request on a deployment, declared or not:
        // without the declaration a deployment is unknown, never the resource's region.
        if (f.deployments().isEmpty() && !AzureRules.isDeploymentHost(host)) {
          return Location.of(f.region(), f.id() + " declares host " + f.hostPattern());
        }
        return deployment(f, e);
      }
    }
    byte[] address = IpAddresses.toBytes(host);
    if (address != null) {
      return resolveAddress(address);
    }
    return Location.unknown();
  }

  private Location deployment(EndpointFact f, Endpoint e) {
    AzureRules.DeploymentRequest request = AzureRules.readDeployment(e);
    if (request.unknownBasis() != null) {
      return Location.unknown(f.id() + " declares host " + f.hostPattern() + ", but " + request.unknownBasis());
    }
    if (request.regionalBasis() != null) {
      return Location.of(f.region(),
          f.id() + " declares host " + f.hostPattern() + " (" + request.regionalBasis() + ")");
    }
    String name = request.deployment();
    EndpointFact.DeploymentScope scope = f.deployments().get(name);
    if (scope == null) {
      return Location.unknown("deployment '" + name + "' is not declared under " + f.id()
          + (f.deployments().isEmpty() ? " (it declares no deployments)" : ""));
    }
    switch (scope) {
      case REGIONAL:
        return Location.of(f.region(), f.id() + " deployment '" + name + "' is regional (Standard)");
      case DATA_ZONE: {
        Region zone = dataZone(f.region());
        return zone == null
            ? Location.unknown("deployment '" + name + "' is DataZone, but " + f.region().id() + " is in no known data zone")
            : Location.of(zone, f.id() + " deployment '" + name + "' is DataZone: " + zone.name());
      }
      default:
        return Location.global("azure", f.id() + " deployment '" + name + "' is Global: processed anywhere");
    }
  }

  /** Azure data zones: the EU one spans EU member states, the US one the United States. */
  private Region dataZone(Region region) {
    if (region.jurisdictions().contains(Jurisdiction.of("EU"))) {
      return catalog.find("azure-datazone:eu");
    }
    if (region.countries().equals(java.util.Set.of("US"))) {
      return catalog.find("azure-datazone:us");
    }
    return null;
  }

  /** The CIDR fact containing the address, if any. */
  public Location resolveAddress(byte[] address) {
    for (EndpointFact f : policy.endpoints()) {
      if (f.containsAddress(address)) {
        return Location.of(f.region(), f.id() + " declares " + f.cidr());
      }
    }
    return Location.unknown();
  }
}

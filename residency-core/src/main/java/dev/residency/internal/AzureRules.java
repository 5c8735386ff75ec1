package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.util.List;
import java.util.Set;

/**
 * Microsoft Azure hosts. Most Azure service hosts name the resource, not its region
 * ({@code myres.openai.azure.com}, {@code acct.blob.core.windows.net}), so they are unknown until the
 * policy declares them; the public DNS names of IP addresses ({@code label.REGION.cloudapp.azure.com})
 * are the exception. Internal, may change without notice. Thread-safe.
 *
 * <p>Returns {@code null} for hosts outside Azure's domains.
 */
final class AzureRules {
  static final String UNDECLARED = "Azure host does not reveal its region; declare it in the policy";

  /**
   * Azure service domains whose host names carry no region. Sources:
   * https://learn.microsoft.com/en-us/azure/ai-services/openai/reference (RESOURCE.openai.azure.com),
   * https://learn.microsoft.com/en-us/azure/ai-foundry/foundry-models/concepts/endpoints
   * (RESOURCE.services.ai.azure.com, RESOURCE.cognitiveservices.azure.com),
   * https://learn.microsoft.com/en-us/azure/storage/common/storage-account-overview#standard-endpoints
   * (blob, dfs, file, queue, table .core.windows.net),
   * https://learn.microsoft.com/en-us/azure/azure-sql/database/connect-query-content-reference-guide
   * (SERVER.database.windows.net), https://learn.microsoft.com/en-us/azure/cosmos-db/ (ACCOUNT.documents.azure.com),
   * https://learn.microsoft.com/en-us/azure/postgresql/ and /mysql/ (SERVER.postgres|mysql.database.azure.com).
   * Every other host under these roots is treated the same way: no region in the name.
   */
  private static final List<String> DOMAINS =
      List.of(
          "azure.com", "windows.net", "azure.net", "azurewebsites.net", "azure-api.net", "azurefd.net", "azureedge.net",
          // Azure Government and Azure operated by 21Vianet (China) equivalents.
          // Sources: https://learn.microsoft.com/en-us/azure/azure-government/compare-azure-government-global-azure,
          // https://learn.microsoft.com/en-us/azure/china/resources-developer-guide
          "azure.us", "usgovcloudapi.net", "usgovcloudapp.net", "azure.cn", "chinacloudapi.cn", "chinacloudapp.cn");

  /**
   * Azure OpenAI / AI Foundry resource domains, public, Government and China clouds: every request
   * to a resource under them runs on one of its model deployments, so the deployment decides.
   * Sources: https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference,
   * https://learn.microsoft.com/en-us/azure/ai-foundry/foundry-models/concepts/endpoints,
   * https://learn.microsoft.com/en-us/azure/azure-government/compare-azure-government-global-azure.
   */
  private static final List<String> DEPLOYMENT_DOMAINS =
      List.of(
          "openai.azure.com", "cognitiveservices.azure.com", "services.ai.azure.com",
          "openai.azure.us", "cognitiveservices.azure.us", "services.ai.azure.us",
          "openai.azure.cn", "cognitiveservices.azure.cn", "services.ai.azure.cn");

  /** Path keywords the deployment is read by; a case variant may reach the same route. */
  private static final Set<String> KEYWORDS = Set.of("openai", "deployments", "models", "v1");

  private final RegionCatalog catalog;

  /**
   * What an Azure OpenAI / AI Foundry request runs on: a named deployment, nothing that processes
   * a prompt (a read, a host-only check: the resource's region), or something it cannot tell.
   * Exactly one field is set.
   */
  record DeploymentRequest(String deployment, String regionalBasis, String unknownBasis) {
    static DeploymentRequest deployment(String name) {
      return new DeploymentRequest(name, null, null);
    }

    static DeploymentRequest regional(String basis) {
      return new DeploymentRequest(null, basis, null);
    }

    static DeploymentRequest unknown(String basis) {
      return new DeploymentRequest(null, null, basis);
    }
  }

  /** Whether the host is an Azure OpenAI / AI Foundry resource, whose requests run on deployments. */
  static boolean isDeploymentHost(String host) {
    for (String d : DEPLOYMENT_DOMAINS) {
      if (HostNames.isSameOrSubdomain(host, d) && host.length() > d.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the deployment an Azure OpenAI / AI Foundry request runs on.
   *
   * <ul>
   *   <li>{@code /openai/deployments/{name}/...} (the classic API) names it in the path; a resource
   *       naming another deployment makes it unknown.
   *   <li>{@code GET}/{@code HEAD} of {@code /openai/deployments}, {@code /openai/models[/{id}]},
   *       {@code /openai/v1/models[/{id}]} read listings: no prompt, the resource's region.
   *   <li>Every other API (the v1 API, Responses, model inference {@code /models/...}, Realtime,
   *       Batch, Assistants...) names the deployment in the body or the query, which the endpoint
   *       carries only as its resource: placed by the resource, unknown without one.
   *   <li>No path at all (a DNS lookup, a connection audit): the resource's region, since each
   *       request on that connection is decided on its own path.
   * </ul>
   *
   * A path that is not canonical ({@link ProviderPaths}) is unknown whatever the resource says: a
   * front end may read {@code /openai/deployments//x} or {@code /Openai/...} as another deployment.
   * Source: https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference (deployments
   * paths), https://learn.microsoft.com/en-us/azure/ai-foundry/openai/api-version-lifecycle (v1
   * API, model in the body), https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/realtime-audio
   * (deployment in the query).
   */
  static DeploymentRequest readDeployment(Endpoint e) {
    String path = e.path();
    String resource = e.resource();
    if (path == null) {
      return resource != null
          ? DeploymentRequest.deployment(resource)
          : DeploymentRequest.regional("host only: each request is decided on its own path");
    }
    String why = ProviderPaths.whyNotCanonical(path, KEYWORDS);
    if (why != null) {
      return DeploymentRequest.unknown("the Azure OpenAI request path is not canonical (" + why
          + "): a front end may read another deployment in it");
    }
    List<String> s = ProviderPaths.segments(path);
    boolean openai = !s.isEmpty() && s.get(0).equals("openai");
    if (openai && s.size() >= 3 && s.get(1).equals("deployments")) {
      String named = s.get(2);
      if (resource != null && !resource.equals(named)) {
        return DeploymentRequest.unknown("the request path names deployment '" + named + "' but the request names '"
            + resource + "': which one runs is not certain");
      }
      return DeploymentRequest.deployment(named);
    }
    if (ProviderPaths.isRead(e) && openai && isListing(s.subList(1, s.size()))) {
      return DeploymentRequest.regional("a read of a model or deployment listing, which sends no prompt");
    }
    if (resource != null) {
      return DeploymentRequest.deployment(resource);
    }
    return DeploymentRequest.unknown("the request names its deployment in the body or the query (or names none "
        + "this library reads), and the endpoint does not carry it as the resource");
  }

  /** {@code deployments}, {@code models[/{id}]}, {@code v1/models[/{id}]} after {@code /openai}. */
  private static boolean isListing(List<String> s) {
    if (s.size() == 1 && s.get(0).equals("deployments")) {
      return true;
    }
    List<String> models = !s.isEmpty() && s.get(0).equals("v1") ? s.subList(1, s.size()) : s;
    return (models.size() == 1 || models.size() == 2) && models.get(0).equals("models");
  }

  AzureRules(RegionCatalog catalog) {
    this.catalog = catalog;
  }

  Location resolveHost(Endpoint e) {
    String host = e.host();
    // LABEL.REGION.cloudapp.azure.com: the DNS name of a public IP address lives in REGION.
    // Source: https://learn.microsoft.com/en-us/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label
    if (HostNames.isSameOrSubdomain(host, "cloudapp.azure.com")) {
      String[] labels = host.split("\\.");
      if (labels.length == 5) {
        String code = labels[1];
        Region r = catalog.find("azure", code);
        if (r != null) {
          return Location.of(r, "Azure public IP DNS name " + host + " in " + code);
        }
        return Location.unknown("Azure host " + host + " names region " + code + ", which is not in the region catalog");
      }
    }
    for (String d : DOMAINS) {
      if (HostNames.isSameOrSubdomain(host, d)) {
        return Location.unknown(UNDECLARED + " (" + host + ")");
      }
    }
    return null;
  }
}

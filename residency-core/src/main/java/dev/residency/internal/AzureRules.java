package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.Location;
import dev.residency.Region;
import dev.residency.RegionCatalog;
import java.util.List;

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

  private final RegionCatalog catalog;

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

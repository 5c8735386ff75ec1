package dev.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionCatalogTest {
  private final RegionCatalog catalog = RegionCatalog.defaultCatalog();

  @ParameterizedTest
  @CsvSource({
    "aws:ap-east-2, TW",
    "aws:ap-southeast-5, MY",
    "aws:ap-southeast-6, NZ",
    "aws:ap-southeast-7, TH",
    "aws:mx-central-1, MX",
    "aws:ca-west-1, CA",
    "aws:il-central-1, IL",
    "aws:me-central-1, AE",
    "aws:eu-central-2, CH",
    "aws:eu-west-2, GB"
  })
  void placesNewestAwsRegionsInTheirCountry(String id, String country) {
    Region region = catalog.find(id);

    assertThat(region).as(id).isNotNull();
    assertThat(region.provider()).isEqualTo("aws");
    assertThat(region.scope()).isEqualTo(Scope.REGION);
    assertThat(region.countries()).containsExactly(country);
  }

  @ParameterizedTest
  @CsvSource({
    "aws:us-gov-west-1, US",
    "aws:us-gov-east-1, US",
    "aws:cn-north-1, CN",
    "aws:cn-northwest-1, CN",
    "aws:eusc-de-east-1, DE"
  })
  void knowsGovCloudChinaAndEuropeanSovereignCloud(String id, String country) {
    Region region = catalog.find(id);

    assertThat(region).as(id).isNotNull();
    assertThat(region.countries()).containsExactly(country);
  }

  @ParameterizedTest
  @CsvSource({"aws:eu-west-9", "gcp:europe-west99", "azure:westeurope2", "aws-bedrock:global", "openai:jp"})
  void treatsPlausibleButUndocumentedCodesAsUnknown(String id) {
    Region region = catalog.find(id);

    assertThat(region).isNull();
    assertThatThrownBy(() -> catalog.require(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(id);
  }

  @Test
  void findsRegionsCaseInsensitivelyAndByNamespaceAndCode() {
    Region upper = catalog.find("AWS:EU-CENTRAL-1");
    Region byParts = catalog.find("gcp", "EUR4");

    assertThat(upper).isNotNull();
    assertThat(upper.id()).isEqualTo("aws:eu-central-1");
    assertThat(byParts).isNotNull();
    assertThat(byParts.code()).isEqualTo("eur4");
  }

  @Test
  void definesTheEuropeanUnionAsItsTwentySevenMemberStates() {
    Set<String> eu = catalog.jurisdictionCountries(Jurisdiction.of("EU"));

    assertThat(eu).hasSize(27).contains("DE", "FR", "IE", "HR").doesNotContain("GB", "CH", "NO");
  }

  @Test
  void extendsTheEeaByIcelandLiechtensteinAndNorway() {
    Set<String> eu = catalog.jurisdictionCountries(Jurisdiction.of("EU"));

    Set<String> eea = catalog.jurisdictionCountries(Jurisdiction.of("EEA"));

    assertThat(eea).hasSize(30).containsAll(eu).contains("IS", "LI", "NO");
  }

  @Test
  void keepsTheOriginalJurisdictions() {
    Set<Jurisdiction> jurisdictions = catalog.jurisdictions();

    assertThat(jurisdictions)
        .extracting(Jurisdiction::code)
        .contains("EU", "EEA", "UK", "CH", "US", "CA", "AU", "JP", "IN", "SG", "BR");
  }

  @Test
  void assignsFrankfurtToEuAndEeaButNotUs() {
    Region frankfurt = catalog.require("aws:eu-central-1");

    Set<Jurisdiction> jurisdictions = frankfurt.jurisdictions();

    assertThat(jurisdictions)
        .contains(Jurisdiction.of("EU"), Jurisdiction.of("EEA"))
        .doesNotContain(Jurisdiction.of("US"), Jurisdiction.of("UK"));
  }

  @Test
  void keepsLondonAndZurichOutsideTheEu() {
    Region london = catalog.require("gcp:europe-west2");
    Region zurich = catalog.require("azure:switzerlandnorth");

    assertThat(london.jurisdictions()).contains(Jurisdiction.of("UK")).doesNotContain(Jurisdiction.of("EU"));
    assertThat(zurich.jurisdictions()).contains(Jurisdiction.of("CH")).doesNotContain(Jurisdiction.of("EU"));
  }

  @Test
  void describesGcsDualRegionEur4AsFinlandPlusNetherlands() {
    Region eur4 = catalog.require("gcp:eur4");

    assertThat(eur4.scope()).isEqualTo(Scope.MULTI_REGION);
    assertThat(eur4.countries()).containsExactlyInAnyOrder("FI", "NL");
    assertThat(eur4.jurisdictions()).contains(Jurisdiction.of("EU"));
  }

  @Test
  void keepsDualRegionsThatIncludeLondonOrZurichOutsideTheEu() {
    Region eur5 = catalog.require("gcp:eur5");
    Region eur8 = catalog.require("gcp:eur8");

    assertThat(eur5.countries()).contains("GB");
    assertThat(eur5.jurisdictions()).doesNotContain(Jurisdiction.of("EU"));
    assertThat(eur8.countries()).contains("CH");
    assertThat(eur8.jurisdictions()).doesNotContain(Jurisdiction.of("EU"));
  }

  @Test
  void mapsGcpMultiRegionEuToTheMemberStates() {
    Region eu = catalog.require("gcp:eu");

    assertThat(eu.scope()).isEqualTo(Scope.MULTI_REGION);
    assertThat(eu.countries()).isEqualTo(catalog.jurisdictionCountries(Jurisdiction.of("EU")));
    assertThat(eu.jurisdictions()).contains(Jurisdiction.of("EU"), Jurisdiction.of("EEA"));
  }

  @Test
  void includesLondonAndZurichInTheBedrockEuProfile() {
    Region bedrockEu = catalog.require("aws-bedrock:eu");

    assertThat(bedrockEu.scope()).isEqualTo(Scope.MULTI_REGION);
    assertThat(bedrockEu.countries()).contains("DE", "FR", "IE", "GB", "CH");
    assertThat(bedrockEu.jurisdictions()).doesNotContain(Jurisdiction.of("EU"), Jurisdiction.of("EEA"));
  }

  @Test
  void includesTheUaeInTheBedrockApacProfile() {
    Region apac = catalog.require("aws-bedrock:apac");

    assertThat(apac.countries()).contains("AE", "JP", "AU", "IN", "SG");
  }

  @Test
  void includesCanadaInTheBedrockUsProfile() {
    Region us = catalog.require("aws-bedrock:us");

    assertThat(us.countries()).containsExactlyInAnyOrder("US", "CA");
    assertThat(us.jurisdictions()).doesNotContain(Jurisdiction.of("US"));
  }

  @Test
  void keepsSingleCountryBedrockProfilesInTheirCountry() {
    Region jp = catalog.require("aws-bedrock:jp");
    Region au = catalog.require("aws-bedrock:au");
    Region usGov = catalog.require("aws-bedrock:us-gov");

    assertThat(jp.countries()).containsExactly("JP");
    assertThat(au.countries()).containsExactly("AU");
    assertThat(usGov.countries()).containsExactly("US");
  }

  @Test
  void keepsTheAzureDataZonesUsedByCode() {
    Region euZone = catalog.require("azure-datazone:eu");
    Region usZone = catalog.require("azure-datazone:us");

    assertThat(euZone.jurisdictions()).contains(Jurisdiction.of("EU"));
    assertThat(usZone.countries()).containsExactly("US");
  }

  @ParameterizedTest
  @CsvSource({
    "azure:westeurope, NL",
    "azure:northeurope, IE",
    "azure:swedencentral, SE",
    "azure:switzerlandnorth, CH",
    "azure:uksouth, GB",
    "azure:usgovvirginia, US",
    "azure:chinanorth, CN"
  })
  void placesAzureRegionsInTheirCountry(String id, String country) {
    Region region = catalog.find(id);

    assertThat(region).as(id).isNotNull();
    assertThat(region.countries()).containsExactly(country);
  }

  @Test
  void placesOpenAiEuropeInTheEeaPlusSwitzerland() {
    Region openAiEu = catalog.require("openai:eu");

    assertThat(openAiEu.countries()).contains("DE", "NO", "CH").doesNotContain("GB");
    assertThat(openAiEu.jurisdictions()).doesNotContain(Jurisdiction.of("EU"));
  }

  @Test
  void knowsTheLlmProviderGeographiesUsedByProviderRules() {
    Region openAiUs = catalog.require("openai:us");
    Region mistralEu = catalog.require("mistral:eu");
    Region mistralUs = catalog.require("mistral:us");
    Region anthropicUs = catalog.require("anthropic:us");

    assertThat(openAiUs.countries()).containsExactly("US");
    assertThat(mistralEu.countries()).contains("FR", "DE").doesNotContain("US", "GB");
    assertThat(mistralUs.countries()).containsExactly("US");
    assertThat(anthropicUs.countries()).containsExactly("US");
  }

  @Test
  void givesEveryRegionAtLeastOneIsoCountry() {
    Iterable<Region> regions = catalog.regions();

    assertThat(regions)
        .allSatisfy(
            r -> {
              assertThat(r.countries()).as(r.id()).isNotEmpty();
              assertThat(r.countries()).as(r.id()).allMatch(RegionCatalog::isCountry);
              assertThat(r.name()).as(r.id()).isNotBlank();
            });
  }

  @Test
  void usesUniqueLowerCaseIds() {
    List<String> ids = new ArrayList<>();

    catalog.regions().forEach(r -> ids.add(r.id()));

    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.equals(id.toLowerCase(Locale.ROOT)));
  }

  @Test
  void coversEveryProviderInBulk() {
    Iterable<Region> regions = catalog.regions();

    assertThat(regions).filteredOn(r -> r.id().startsWith("aws:")).hasSizeGreaterThanOrEqualTo(35);
    assertThat(regions).filteredOn(r -> r.id().startsWith("gcp:") && r.scope() == Scope.REGION).hasSizeGreaterThanOrEqualTo(40);
    assertThat(regions).filteredOn(r -> r.id().startsWith("azure:")).hasSizeGreaterThanOrEqualTo(60);
  }

  @Test
  void rejectsDuplicateIdsWithFileAndLine() {
    String tsv = "a:b\tx\tregion\tDE\tOne\na:b\tx\tregion\tFR\tTwo\n";

    assertThatThrownBy(() -> RegionCatalog.parse(new StringReader(tsv), "test.tsv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.tsv:2")
        .hasMessageContaining("duplicate region a:b");
  }

  @Test
  void rejectsUnknownCountryCodes() {
    String tsv = "a:b\tx\tregion\tUK\tOne\n";

    assertThatThrownBy(() -> RegionCatalog.parse(new StringReader(tsv), "test.tsv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.tsv:1")
        .hasMessageContaining("'UK'");
  }

  @Test
  void parsesDualRegionAsMultiRegion() throws IOException {
    String tsv = "@jurisdiction\tEU\tDE,FR\tEU\nx:y\tx\tdual-region\tDE,FR\tBoth\n";

    RegionCatalog parsed = RegionCatalog.parse(new StringReader(tsv), "test.tsv");

    Region region = parsed.require("x:y");
    assertThat(region.scope()).isEqualTo(Scope.MULTI_REGION);
    assertThat(region.jurisdictions()).containsExactly(Jurisdiction.of("EU"));
  }
}

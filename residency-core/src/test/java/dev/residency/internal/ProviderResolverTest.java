package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.Decision;
import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.Location;
import dev.residency.Outcome;
import dev.residency.ResidencyGuard;
import dev.residency.ResidencyPolicy;
import dev.residency.RegionCatalog;
import dev.residency.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderResolverTest {
  private final ProviderResolver resolver = new ProviderResolver(RegionCatalog.defaultCatalog());

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      # AWS regional, dual-stack and FIPS endpoints
      HTTP | https://sqs.eu-west-1.amazonaws.com/123456789012/queue                 | aws:eu-west-1      | IE
      HTTP | https://dynamodb.eu-north-1.api.aws                                     | aws:eu-north-1     | SE
      HTTP | https://sqs-fips.us-east-2.amazonaws.com                                | aws:us-east-2      | US
      HTTP | HTTPS://SQS.EU-WEST-1.AMAZONAWS.COM./                                   | aws:eu-west-1      | IE
      # S3: path-style, virtual-hosted, dual-stack, FIPS, legacy dash forms, website, us-east-1 legacy
      S3   | https://s3.eu-west-1.amazonaws.com/my-bucket/key.csv                    | aws:eu-west-1      | IE
      S3   | https://my-bucket.s3.eu-west-3.amazonaws.com/key.csv                    | aws:eu-west-3      | FR
      S3   | https://my-bucket.s3.dualstack.eu-central-1.amazonaws.com/key           | aws:eu-central-1   | DE
      S3   | https://s3-fips.dualstack.us-west-2.amazonaws.com/my-bucket             | aws:us-west-2      | US
      S3   | https://my-bucket.s3-eu-west-1.amazonaws.com/key                        | aws:eu-west-1      | IE
      S3   | https://s3-eu-west-2.amazonaws.com/my-bucket/key                        | aws:eu-west-2      | GB
      S3   | https://my.dotted.bucket.s3-website-eu-west-1.amazonaws.com/            | aws:eu-west-1      | IE
      S3   | https://my-bucket.s3-website.eu-central-1.amazonaws.com/                | aws:eu-central-1   | DE
      S3   | https://s3.amazonaws.com/my-bucket/key                                  | aws:us-east-1      | US
      S3   | https://s3-external-1.amazonaws.com/my-bucket/key                       | aws:us-east-1      | US
      # S3 access points and S3 Control
      S3   | https://reports-123456789012.s3-accesspoint.eu-central-1.amazonaws.com/ | aws:eu-central-1   | DE
      S3   | https://reports-123456789012.s3-accesspoint.dualstack.eu-west-1.amazonaws.com/ | aws:eu-west-1 | IE
      S3   | https://123456789012.s3-control.eu-west-2.amazonaws.com/v20180820/configuration | aws:eu-west-2 | GB
      S3   | arn:aws:s3:eu-west-1:123456789012:accesspoint/reports                   | aws:eu-west-1      | IE
      S3   | arn:aws-us-gov:s3:us-gov-west-1:123456789012:accesspoint/reports        | aws:us-gov-west-1  | US
      # RDS, Aurora, RDS Proxy (commercial, GovCloud and China orderings), Redshift
      JDBC | jdbc:postgresql://app.cluster-abc123xyz.eu-central-1.rds.amazonaws.com:5432/app    | aws:eu-central-1 | DE
      JDBC | jdbc:postgresql://app.cluster-ro-abc123xyz.eu-west-1.rds.amazonaws.com:5432/app    | aws:eu-west-1    | IE
      JDBC | jdbc:postgresql://app.proxy-abc123xyz.eu-west-1.rds.amazonaws.com:5432/app          | aws:eu-west-1    | IE
      JDBC | jdbc:mysql://app.abc123xyz.us-gov-west-1.rds.amazonaws.com:3306/app                 | aws:us-gov-west-1 | US
      JDBC | jdbc:mysql://app.abc123xyz.rds.cn-north-1.amazonaws.com.cn:3306/app                 | aws:cn-north-1   | CN
      JDBC | jdbc:redshift://c1.abc123xyz.eu-central-1.redshift.amazonaws.com:5439/dev           | aws:eu-central-1 | DE
      JDBC | jdbc:redshift://wg.123456789012.eu-north-1.redshift-serverless.amazonaws.com:5439/dev | aws:eu-north-1  | SE
      # ElastiCache (short region labels), interface VPC endpoints, other partitions
      HTTP | app.abc123.0001.euw1.cache.amazonaws.com:6379                            | aws:eu-west-1      | IE
      HTTP | app-abc123.serverless.apse2.cache.amazonaws.com:6379                     | aws:ap-southeast-2 | AU
      HTTP | https://vpce-0abc-xyz.sqs.eu-central-1.vpce.amazonaws.com/               | aws:eu-central-1   | DE
      HTTP | https://s3.eusc-de-east-1.amazonaws.eu/                                  | aws:eusc-de-east-1 | DE
      HTTP | https://s3.cn-northwest-1.amazonaws.com.cn/                              | aws:cn-northwest-1 | CN
      HTTP | https://ec2.cn-north-1.api.amazonwebservices.com.cn/                     | aws:cn-north-1     | CN
      # Bedrock: a plain model id runs in the host's Region
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1:0/converse   | aws:eu-central-1 | DE
      LLM  | https://bedrock-runtime-fips.us-east-1.amazonaws.com/model/amazon.titan-text-express-v1/invoke              | aws:us-east-1    | US
      LLM  | https://vpce-0abc-xyz.bedrock-runtime.eu-central-1.vpce.amazonaws.com/model/amazon.nova-pro-v1:0/converse  | aws:eu-central-1 | DE
      LLM  | https://bedrock.eu-west-1.amazonaws.com/foundation-models                                                  | aws:eu-west-1    | IE
      LLM  | https://bedrock-runtime.eu-west-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A%3Afoundation-model%2Famazon.titan-text-express-v1/invoke | aws:eu-west-1 | IE
      # Bedrock: geographic cross-Region inference profiles span their geography
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream | aws-bedrock:eu | DE CH IE GB FR SE IT ES
      LLM  | https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-pro-v1:0/invoke                      | aws-bedrock:us     | US CA
      LLM  | https://bedrock-runtime.ap-northeast-1.amazonaws.com/model/jp.anthropic.claude-sonnet-4-5-20250929-v1:0/converse | aws-bedrock:jp | JP
      LLM  | https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/au.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream | aws-bedrock:au | AU
      LLM  | https://bedrock-runtime.us-gov-west-1.amazonaws.com/model/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0/converse | aws-bedrock:us-gov | US
      LLM  | https://bedrock-runtime.eu-west-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-profile%2Feu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse | aws-bedrock:eu | DE CH IE GB FR SE IT ES
      # Bedrock model ids and ARNs without a host
      LLM  | eu.anthropic.claude-3-7-sonnet-20250219-v1:0                                      | aws-bedrock:eu   | DE CH IE GB FR SE IT ES
      LLM  | apac.amazon.nova-lite-v1:0                                                        | aws-bedrock:apac | JP KR IN SG AU ID MY TH TW AE
      LLM  | arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 | aws:eu-central-1 | DE
      LLM  | arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0 | aws-bedrock:us | US CA
      LLM  | arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.titan-text-express-v1       | aws:cn-north-1   | CN
      # GCP: Vertex AI regional and multi-region endpoints, Cloud Storage regional endpoints
      LLM  | https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent | gcp:europe-west4 | NL
      LLM  | https://europe-west3-aiplatform.googleapis.com/v1/projects/p/locations/europe-west3/endpoints/123:predict | gcp:europe-west3 | DE
      LLM  | https://europe-west3-aiplatform.googleapis.com/                                    | gcp:europe-west3 | DE
      LLM  | https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations/eu/publishers/google/models/gemini-2.5-pro:generateContent | gcp:eu | AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
      LLM  | https://aiplatform.us.rep.googleapis.com/v1/projects/p/locations/us/publishers/google/models/gemini-2.5-pro:generateContent | gcp:us | US
      GCS  | https://storage.europe-west3.rep.googleapis.com/storage/v1/b/my-bucket/o           | gcp:europe-west3 | DE
      # Azure: only the public IP DNS names carry a region
      HTTP | https://myvm.westeurope.cloudapp.azure.com/                                        | azure:westeurope | NL
      # LLM APIs with documented regional processing
      LLM  | https://eu.api.openai.com/v1/chat/completions                                      | openai:eu  | AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH
      LLM  | https://us.api.openai.com/v1/responses                                             | openai:us  | US
      LLM  | https://api.eu.mistral.ai/v1/chat/completions                                      | mistral:eu | AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH
      LLM  | https://api.us.mistral.ai/v1/chat/completions                                      | mistral:us | US
      """)
  void placesProviderEndpointInItsRegion(EndpointKind kind, String target, String regionId, String countries) {
    Endpoint endpoint = Endpoint.parse(kind, target);

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as("%s: %s", target, location).isFalse();
    assertThat(location.region().id()).isEqualTo(regionId);
    assertThat(location.scope()).isEqualTo(location.region().scope()).isIn(Scope.REGION, Scope.MULTI_REGION);
    assertThat(location.countries()).containsExactlyInAnyOrder(countries.split(" "));
  }

  @ParameterizedTest(name = "{1} -> {2} global")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      S3   | https://s3-accelerate.amazonaws.com/my-bucket/key                                  | aws
      S3   | https://my-bucket.s3-accelerate.dualstack.amazonaws.com/key                        | aws
      S3   | https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key                 | aws
      S3   | arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap                            | aws
      JDBC | jdbc:postgresql://app.global-abc123xyz.global.rds.amazonaws.com:5432/app           | aws
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/global.anthropic.claude-sonnet-4-20250514-v1:0/converse | aws
      LLM  | global.anthropic.claude-sonnet-4-20250514-v1:0                                     | aws
      LLM  | arn:aws:bedrock:eu-west-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0 | aws
      LLM  | https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:generateContent | gcp
      LLM  | https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:generateContent | gcp
      GCS  | https://storage.googleapis.com/my-bucket/key                                       | gcp
      GCS  | https://my-bucket.storage.googleapis.com/key                                       | gcp
      GCS  | https://www.googleapis.com/storage/v1/b/my-bucket/o                                | gcp
      GCS  | https://www.googleapis.com/upload/storage/v1/b/my-bucket/o                         | gcp
      LLM  | https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent | gcp
      LLM  | https://api.openai.com/v1/chat/completions                                         | openai
      LLM  | https://jp.api.openai.com/v1/responses                                             | openai
      LLM  | https://gb.api.openai.com/v1/responses                                             | openai
      LLM  | https://api.mistral.ai/v1/chat/completions                                         | mistral
      LLM  | https://openrouter.ai/api/v1/chat/completions                                      | openrouter
      """)
  void placesGlobalEndpointAnywhere(EndpointKind kind, String target, String provider) {
    Endpoint endpoint = Endpoint.parse(kind, target);

    Location location = resolver.resolve(endpoint);

    assertThat(location.isGlobal()).as("%s: %s", target, location).isTrue();
    assertThat(location.provider()).isEqualTo(provider);
    assertThat(location.region()).isNull();
    assertThat(location.countries()).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      # region codes that look right but are not in the catalog
      S3   | https://s3.eu-west-9.amazonaws.com/my-bucket                          | not in the region catalog
      S3   | https://my-bucket.s3-eu-west-9.amazonaws.com/key                      | not in the region catalog
      LLM  | https://europe-west99-aiplatform.googleapis.com/v1/projects/p/locations/europe-west99/x | not in the region catalog
      GCS  | https://storage.europe-west99.rep.googleapis.com/storage/v1/b/b/o      | not in the region catalog
      HTTP | https://myvm.westeurope2.cloudapp.azure.com/                           | not in the region catalog
      # the partition suffix must match the region
      S3   | https://s3.cn-north-1.amazonaws.com/my-bucket                         | not that region's partition suffix
      S3   | https://s3.eu-west-1.amazonaws.com.cn/my-bucket                       | not that region's partition suffix
      S3   | https://s3.eusc-de-east-1.amazonaws.com/my-bucket                     | not that region's partition suffix
      S3   | https://s3.eu-central-1.amazonaws.eu/my-bucket                        | not that region's partition suffix
      JDBC | jdbc:mysql://app.abc123xyz.cn-north-1.rds.amazonaws.com.cn:3306/app   | China RDS hosts read rds.REGION
      S3   | arn:aws-cn:s3:eu-west-1:123456789012:accesspoint/reports              | does not belong to partition aws-cn
      S3   | arn:aws:s3:cn-north-1:123456789012:accesspoint/reports                | does not belong to partition aws
      LLM  | arn:aws-eusc:bedrock:eu-central-1::foundation-model/amazon.titan-text-express-v1 | does not belong to partition aws-eusc
      # the bucket, the agent or the declaration decides
      S3   | https://my-bucket.s3.amazonaws.com/key                                | the bucket's own Region decides
      S3   | arn:aws:s3:::my-bucket                                                | the bucket's own Region decides
      S3   | https://ap-123456789012.op-01ac5d28a6a232904.s3-outposts.us-west-2.amazonaws.com/ | on premises
      LLM  | arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6 | declare the ARN in the policy
      LLM  | https://bedrock-runtime.eu-west-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3/converse | declare the ARN in the policy
      LLM  | https://bedrock-agent-runtime.eu-central-1.amazonaws.com/agents/AGENT/agentAliases/ALIAS/sessions/S1/text | the agent's configured model decides
      LLM  | anthropic.claude-3-haiku-20240307-v1:0                                | runs in the client's Region
      LLM  | https://bedrock-runtime.ca-central-1.amazonaws.com/model/ca.anthropic.claude-sonnet-4-5-20250929-v1:0/converse | spans geography ca, which is not in the region catalog
      LLM  | https://bedrock-runtime.sa-east-1.amazonaws.com/model/sa.anthropic.claude-sonnet-4-5-20250929-v1:0/converse | neither a known model provider nor a known inference-profile geography
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aeu-central-1%3A123456789012%3Ainference-profile%2Fsa.anthropic.x/converse | no known geography prefix
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.titan-text-express-v1/invoke | only in its own Region
      LLM  | https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude%ZZ/converse | is not canonical
      # Vertex AI: the path's location must agree with the host
      LLM  | https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent | names locations/us-central1
      LLM  | https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations/us/publishers/google/models/gemini-2.5-pro:generateContent | names locations/us
      LLM  | https://eu-aiplatform.googleapis.com/v1/projects/p/locations/eu/publishers/google/models/gemini-2.5-pro:generateContent | multi-region
      # Azure hosts name the resource, not the region
      LLM  | https://myres.openai.azure.com/openai/deployments/gpt-4o/chat/completions | Azure host does not reveal its region; declare it in the policy
      LLM  | https://myres.services.ai.azure.com/models/chat/completions           | Azure host does not reveal its region; declare it in the policy
      LLM  | https://myres.cognitiveservices.azure.com/                            | Azure host does not reveal its region; declare it in the policy
      JDBC | jdbc:sqlserver://myserver.database.windows.net:1433;databaseName=app  | Azure host does not reveal its region; declare it in the policy
      HTTP | https://myaccount.blob.core.windows.net/container/blob                | Azure host does not reveal its region; declare it in the policy
      HTTP | https://myaccount.documents.azure.com:443/                            | Azure host does not reveal its region; declare it in the policy
      LLM  | https://myres.openai.azure.us/openai/deployments/gpt-4o/chat/completions | Azure host does not reveal its region; declare it in the policy
      JDBC | jdbc:sqlserver://myserver.database.chinacloudapi.cn:1433;databaseName=app | Azure host does not reveal its region; declare it in the policy
      # LLM hosts that are not documented
      LLM  | https://api.eu.openai.com/v1/chat/completions                         | not a documented
      LLM  | https://eu.openai.com/v1/chat/completions                             | not a documented
      LLM  | https://api.fr.mistral.ai/v1/chat/completions                         | not a documented
      LLM  | https://api.anthropic.com/v1/messages                                 | this request does not say
      """)
  void explainsRecognizedEndpointItCannotPlace(EndpointKind kind, String target, String why) {
    Endpoint endpoint = Endpoint.parse(kind, target);

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as("%s: %s", target, location).isTrue();
    assertThat(location).isNotSameAs(Location.unknown());
    assertThat(location.basis()).contains(why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://s3.eu-west-1.amazonaws.com.evil.com/my-bucket",
        "https://bedrock-runtime.eu-central-1.amazonaws.com.evil.com/model/anthropic.claude-3-haiku-20240307-v1:0/converse",
        "https://evilamazonaws.com/",
        "https://s3.eu-west-1.evilamazonaws.com/",
        "https://amazonaws.com.evil.com/",
        "https://s3.eu-west-1.amazonaws.co/",
        "https://evil.com/s3.eu-west-1.amazonaws.com/key",
        "https://evil.com/?next=https://s3.eu-west-1.amazonaws.com/",
        "https://s3.eu-west-1.amazonaws.com@evil.com/",
        "https://europe-west4-aiplatform.googleapis.com.evil.com/v1/projects/p/locations/europe-west4/x",
        "https://storage.googleapis.com.evil.com/b/o",
        "https://eu.api.openai.com.attacker.net/v1/chat/completions",
        "https://eu.api.xopenai.com/v1/chat/completions",
        "https://api.eu.mistral.ai.evil.eu/v1/chat/completions",
        "https://openrouter.ai.evil.com/api/v1/chat/completions",
        "https://notopenrouter.ai/api/v1/chat/completions",
        "https://api.anthropic.com.evil.com/v1/messages",
        "https://myvm.westeurope.cloudapp.azure.com.evil.com/",
        "https://example.com/",
        "https://localhost:8080/",
        "https://10.0.0.1/",
        "https://[::1]:8443/"
      })
  void givesNoAnswerForHostOutsideProviderDomains(String url) {
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, url);

    Location location = resolver.resolve(endpoint);

    assertThat(location).as(url).isSameAs(Location.unknown());
  }

  @ParameterizedTest(name = "inference_geo={0}")
  @CsvSource({"us, MULTI_REGION, anthropic:us", "global, GLOBAL, ''", "eu, UNKNOWN, ''", "US, UNKNOWN, ''"})
  void placesAnthropicApiByInferenceGeo(String geo, Scope scope, String regionId) {
    Endpoint endpoint =
        Endpoint.parse(EndpointKind.LLM, "https://api.anthropic.com/v1/messages").toBuilder().attribute("inference_geo", geo).build();

    Location location = resolver.resolve(endpoint);

    assertThat(location.scope()).isEqualTo(scope);
    assertThat(location.region() == null ? "" : location.region().id()).isEqualTo(regionId);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://bedrock-runtime.eu-central-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1:0/converse, ALLOW",
    "https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-3-7-sonnet-20250219-v1:0/converse, DENY",
    "https://bedrock-runtime.eu-central-1.amazonaws.com/model/global.anthropic.claude-sonnet-4-20250514-v1:0/converse, DENY",
    "https://bedrock-runtime.eu-central-1.amazonaws.com.evil.com/model/anthropic.claude-3-haiku-20240307-v1:0/converse, DENY"
  })
  void guardDecidesWithProviderKnowledge(String url, Outcome expected) {
    // The eu. profile may route to Zurich (CH) and London (GB): outside an EU-only policy.
    ResidencyPolicy policy = ResidencyPolicy.builder().allowJurisdictions("EU").build();
    ResidencyGuard guard = ResidencyGuard.builder(policy).setAuditSink(event -> {}).build();

    Outcome outcome = guard.evaluate(Endpoint.parse(EndpointKind.LLM, url)).outcome();

    assertThat(outcome).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // variants of /model/{modelId}/converse that a front end may normalize to it
        "//model/us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model//us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/%6dodel/us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model%2Fus.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/Model/us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model/us.anthropic.claude-3-haiku-20240307-v1:0/converse/",
        "/model/us.anthropic.claude-3-haiku-20240307-v1:0/Converse",
        "/model/anthropic.claude-3-haiku-20240307-v1:0/../../model/us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model/anthropic.claude-3-haiku-20240307-v1:0/%2e%2e/%2E%2E/model/us.anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model/anthropic.claude-3-haiku-20240307-v1:0%2F..%2F..%2Fmodel%2Fus.anthropic.claude-3-haiku-20240307-v1:0/converse",
        // the model is in the body: StartAsyncInvoke, the OpenAI-compatible API; or nowhere
        "/async-invoke",
        "/openai/v1/chat/completions",
        "/guardrail-checks/invoke",
        "/"
      })
  void placesNoBedrockRuntimeRequestWhoseModelItCannotRead(String path) {
    // Built directly: Endpoint.parse refuses dot segments, and an endpoint's path need not come from it.
    Endpoint endpoint = Endpoint.builder(EndpointKind.LLM).host("bedrock-runtime.eu-central-1.amazonaws.com").path(path)
        .attribute(ProviderPaths.METHOD, "POST").build();
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(event -> {}).build();

    Location location = resolver.resolve(endpoint);
    Outcome outcome = guard.evaluate(endpoint).outcome();

    assertThat(location.isUnknown()).as("%s: %s", path, location).isTrue();
    assertThat(location).isNotSameAs(Location.unknown());
    assertThat(outcome).isEqualTo(Outcome.DENY);
  }

  @ParameterizedTest(name = "{1} {2} [{3}] -> {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock = """
      # reads that name no model: the host's Region
      bedrock-runtime.eu-central-1.amazonaws.com | GET  | /async-invoke                                         | -  | aws:eu-central-1
      bedrock-runtime.eu-central-1.amazonaws.com | GET  | /async-invoke/arn%3Aaws%3Abedrock%3Aeu-central-1%3A123456789012%3Aasync-invoke%2Fab12 | - | aws:eu-central-1
      bedrock-mantle.eu-central-1.api.aws        | GET  | /v1/models                                            | -  | aws:eu-central-1
      bedrock-runtime.eu-central-1.amazonaws.com | -    | -                                                     | -  | aws:eu-central-1
      # every model operation in the path
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /model/anthropic.claude-3-haiku-20240307-v1:0/count-tokens | - | aws:eu-central-1
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /model/amazon.nova-sonic-v1:0/invoke-with-bidirectional-stream | - | aws:eu-central-1
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /model/us.amazon.nova-pro-v1:0/count-tokens            | - | unknown
      # the model in the body, passed as the resource (residency-llm does)
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /async-invoke              | amazon.nova-reel-v1:0                     | aws:eu-central-1
      bedrock-runtime.us-east-1.amazonaws.com    | POST | /async-invoke              | us.amazon.nova-reel-v1:1                  | aws-bedrock:us
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /openai/v1/chat/completions | eu.anthropic.claude-3-7-sonnet-20250219-v1:0 | aws-bedrock:eu
      bedrock-mantle.eu-central-1.api.aws        | POST | /v1/chat/completions       | openai.gpt-oss-120b-1:0                   | aws:eu-central-1
      # reads only when the method says so; a path and a resource that disagree; a guardrail path spelled differently
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /async-invoke/abc          | -  | unknown
      bedrock-mantle.eu-central-1.api.aws        | POST | /v1/models                 | -  | unknown
      bedrock-mantle.eu-central-1.api.aws        | GET  | /v1/chat/completions       | -  | unknown
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /model/anthropic.claude-3-haiku-20240307-v1:0/converse | us.anthropic.claude-3-haiku-20240307-v1:0 | unknown
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /Guardrail/gr1abc2def3/version/1/apply | -  | unknown
      # a guardrail with a cross-Region guardrail profile runs anywhere in its geography, which the request does not show
      bedrock-runtime.eu-central-1.amazonaws.com | POST | /guardrail/gr1abc2def3/version/1/apply | -  | unknown
      """)
  void placesBedrockRequestsByOperation(String host, String method, String path, String resource, String expected) {
    Endpoint.Builder b = Endpoint.builder(EndpointKind.LLM).host(host).path(path);
    if (method != null) {
      b.attribute(ProviderPaths.METHOD, method);
    }
    if (resource != null) {
      b.resource(resource);
    }

    Location location = resolver.resolve(b.build());

    assertThat(location.isUnknown() ? "unknown" : location.region().id()).as("%s", location).isEqualTo(expected);
  }

  @Test
  void placesAGuardrailOnlyByItsDeclaration() {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU")
            .declareResource("gr1abc2def3", "aws:eu-central-1").build())
        .setAuditSink(event -> {}).build();
    Endpoint apply = Endpoint.builder(EndpointKind.LLM).host("bedrock-runtime.eu-central-1.amazonaws.com")
        .path("/guardrail/gr1abc2def3/version/1/apply").attribute(ProviderPaths.METHOD, "POST").build();

    Decision undeclared = guard.evaluate(apply);
    Decision declared = guard.evaluate(apply.toBuilder().resource("gr1abc2def3").build());
    Decision otherPath = guard.evaluate(apply.toBuilder().path("/guardrail/gr9other/version/1/apply").resource("gr1abc2def3").build());

    assertThat(undeclared.location().basis()).contains("guardrail profile");
    assertThat(declared.outcome()).as(declared.explanation()).isEqualTo(Outcome.ALLOW);
    assertThat(otherPath.outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void placesADeclaredModelOnlyWhenThePathAgrees() {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU")
            .declareResource("anthropic.claude-3-haiku-20240307-v1:0", "aws:eu-central-1").build())
        .setAuditSink(event -> {}).build();
    Endpoint converse = Endpoint.builder(EndpointKind.LLM).host("bedrock-runtime.eu-central-1.amazonaws.com")
        .resource("anthropic.claude-3-haiku-20240307-v1:0").attribute(ProviderPaths.METHOD, "POST").build();

    Decision same = guard.evaluate(converse.toBuilder().path("/model/anthropic.claude-3-haiku-20240307-v1:0/converse").build());
    Decision other = guard.evaluate(converse.toBuilder().path("/model/us.anthropic.claude-3-haiku-20240307-v1:0/converse").build());
    Decision unreadable = guard.evaluate(converse.toBuilder().path("/model//us.anthropic.claude-3-haiku-20240307-v1:0/converse").build());

    assertThat(same.outcome()).as(same.explanation()).isEqualTo(Outcome.ALLOW);
    assertThat(other.outcome()).isEqualTo(Outcome.DENY);
    assertThat(unreadable.outcome()).isEqualTo(Outcome.DENY);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations//us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/%6cocations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations%2Fglobal/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations//global/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/Locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/us-central1%2F/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/%75s-central1/publishers/google/models/gemini-2.5-flash:generateContent",
        "https://europe-west4-aiplatform.googleapis.com/v1beta1/projects/p/locations/europe-west4/endpoints/1//projects/p/locations/global",
        "https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations//us/publishers/google/models/gemini-2.5-pro:generateContent"
      })
  void placesNoVertexRequestWhoseLocationItCannotRead(String url) {
    ResidencyGuard guard = ResidencyGuard.builder(ResidencyPolicy.builder().allowJurisdictions("EU").build())
        .setAuditSink(event -> {}).build();
    Endpoint endpoint = Endpoint.parse(EndpointKind.LLM, url);

    Location location = resolver.resolve(endpoint);
    Outcome outcome = guard.evaluate(endpoint).outcome();

    assertThat(location.isUnknown()).as("%s: %s", url, location).isTrue();
    assertThat(location.basis()).contains("cannot be read");
    assertThat(outcome).isEqualTo(Outcome.DENY);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash/../../../../../locations/us-central1/x",
        "/v1/projects/p/locations/europe-west4/%2E%2E/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"
      })
  void placesNoVertexRequestWithDotSegments(String path) {
    Endpoint endpoint = Endpoint.builder(EndpointKind.LLM).host("europe-west4-aiplatform.googleapis.com").path(path).build();

    Location location = resolver.resolve(endpoint);

    assertThat(location.isUnknown()).as("%s: %s", path, location).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations",
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4:retrieveContexts",
        "https://europe-west4-aiplatform.googleapis.com/v1beta1/projects/p/locations/europe-west4/endpoints/123:predict"
      })
  void placesCanonicalVertexRequestInTheHostRegion(String url) {
    Location location = resolver.resolve(Endpoint.parse(EndpointKind.LLM, url));

    assertThat(location.isUnknown()).as("%s: %s", url, location).isFalse();
    assertThat(location.region().id()).isEqualTo("gcp:europe-west4");
  }

  @ParameterizedTest
  @CsvSource({
    "arn:aws-eusc:s3:eusc-de-east-1:123456789012:accesspoint/reports, aws:eusc-de-east-1",
    "arn:aws-eusc:bedrock:eusc-de-east-1::foundation-model/amazon.nova-pro-v1:0, aws:eusc-de-east-1"
  })
  void placesEuropeanSovereignCloudArn(String arn, String regionId) {
    // Built directly: Endpoints.parse refuses eusc-* regions in ARNs (its region pattern wants two letters first).
    Endpoint endpoint = Endpoint.builder(EndpointKind.LLM).resource(arn).build();

    Location location = resolver.resolve(endpoint);

    assertThat(location.region()).as(arn + ": " + location).isNotNull();
    assertThat(location.region().id()).isEqualTo(regionId);
    assertThat(location.countries()).containsExactly("DE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://sqs.eu-west-1.amazonaws.com/",
        "https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.amazon.nova-pro-v1:0/converse",
        "https://my-bucket.s3.amazonaws.com/key",
        "https://myres.openai.azure.com/"
      })
  void explainsEveryAnswerWithoutLeakingNulls(String url) {
    Endpoint endpoint = Endpoint.parse(EndpointKind.HTTP, url);

    Location location = resolver.resolve(endpoint);

    assertThat(location.basis()).isNotBlank().doesNotContain("null");
  }

  @ParameterizedTest(name = "{0} {1} serves {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
      # S3 hosts of the region's partition, global forms included
      S3  | s3.amazonaws.com                                                   | aws:eu-west-1     | true
      S3  | my.dotted.bucket.s3.amazonaws.com                                  | aws:eu-west-1     | true
      S3  | s3-external-1.amazonaws.com                                        | aws:eu-west-1     | true
      S3  | b.s3-accelerate.dualstack.amazonaws.com                            | aws:eu-west-1     | true
      S3  | alias.mrap.accesspoint.s3-global.amazonaws.com                     | aws:eu-west-1     | true
      S3  | reports-123456789012.s3-accesspoint.eu-central-1.amazonaws.com     | aws:eu-west-1     | true
      S3  | b.s3-website-eu-west-1.amazonaws.com                               | aws:eu-west-1     | true
      S3  | b--euw1-az1--x-s3.s3express-euw1-az1.eu-west-1.amazonaws.com       | aws:eu-west-1     | true
      S3  | s3.us-gov-west-1.amazonaws.com                                     | aws:us-gov-west-1 | true
      S3  | s3.cn-north-1.amazonaws.com.cn                                     | aws:cn-north-1    | true
      # another partition, another provider, or a host a customer names
      S3  | s3.us-gov-west-1.amazonaws.com                                     | aws:eu-west-1     | false
      S3  | s3.cn-north-1.amazonaws.com.cn                                     | aws:eu-west-1     | false
      S3  | s3.eu-west-1.amazonaws.com                                         | gcp:europe-west3  | false
      S3  | sqs.eu-west-1.amazonaws.com                                        | aws:eu-west-1     | false
      S3  | ec2-52-1-2-3.eu-west-1.compute.amazonaws.com                       | aws:eu-west-1     | false
      S3  | s3-1234.eu-west-1.elb.amazonaws.com                                | aws:eu-west-1     | false
      S3  | s3.eu-west-1.amazonaws.com.evil.example                            | aws:eu-west-1     | false
      S3  | amazonaws.com                                                      | aws:eu-west-1     | false
      S3  | 52.1.2.3                                                           | aws:eu-west-1     | false
      HTTP| s3.eu-west-1.amazonaws.com                                         | aws:eu-west-1     | false
      # GCS and Bedrock
      GCS | storage.googleapis.com                                             | gcp:europe-west3  | true
      GCS | my-bucket.storage.googleapis.com                                   | gcp:europe-west3  | true
      GCS | storage.europe-west3.rep.googleapis.com                            | gcp:europe-west3  | true
      GCS | storage.googleapis.com                                             | aws:eu-west-1     | false
      GCS | europe-west3-aiplatform.googleapis.com                             | gcp:europe-west3  | false
      GCS | storage.googleapis.com.evil.example                                | gcp:europe-west3  | false
      LLM | bedrock-runtime.eu-central-1.amazonaws.com                         | aws-bedrock:eu    | true
      LLM | bedrock-runtime.eu-central-1.amazonaws.com                         | azure:swedencentral | false
      LLM | myres.openai.azure.com                                             | azure:swedencentral | false
      LLM | eu.api.openai.com                                                  | openai:eu         | false
      """)
  void servesResourceOnlyOnTheProvidersOwnHostsForTheKind(String kind, String host, String regionId, boolean serves) {
    Endpoint endpoint = Endpoint.builder(EndpointKind.valueOf(kind)).host(host).resource("r").build();

    boolean answer = resolver.servesResource(endpoint, RegionCatalog.defaultCatalog().require(regionId));

    assertThat(answer).isEqualTo(serves);
  }
}

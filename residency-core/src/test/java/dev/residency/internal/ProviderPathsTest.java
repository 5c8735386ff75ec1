package dev.residency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderPathsTest {
  private static final Set<String> KEYWORDS = Set.of("model", "openai");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock = """
      model                           | does not start with '/'
      //model/x                       | empty segment
      /model/x/                       | empty segment
      /model/./x                      | '.' or '..' segment
      /model/x/..                     | '.' or '..' segment
      /model/x%ZZ                     | malformed percent-escape
      /model/x%2                      | malformed percent-escape
      /model/x%٣A                     | malformed percent-escape
      /%6dodel/x                      | unreserved character 'm'
      /model/%2e%2e                   | unreserved character '.'
      /model/a%7Eb                    | unreserved character '~'
      /model/x%252e                   | a '%'
      /model/x%5C..                   | backslash
      /model/x\\..                    | backslash
      /model/x%0A                     | control character
      /model%2Fx                      | '/' inside a segment
      /Model/x                        | spells the keyword 'model' as 'Model'
      /OPENAI/x                       | spells the keyword 'openai' as 'OPENAI'
      """)
  void refusesAPathWithMoreThanOneReading(String path, String why) {
    assertThat(ProviderPaths.whyNotCanonical(path, KEYWORDS)).contains(why);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/",
        "/model/anthropic.claude-3-haiku-20240307-v1:0/converse",
        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
        "/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A%3Afoundation-model%2Famazon.titan-text-express-v1/invoke",
        "/model/arn%3aaws%3abedrock%3aeu-west-1%3a%3afoundation-model%2famazon.titan-text-express-v1/invoke",
        "/v1/projects/p/locations/europe-west4:retrieveContexts",
        "/Converse/x"
      })
  void acceptsACanonicalPath(String path) {
    assertThat(ProviderPaths.whyNotCanonical(path, KEYWORDS)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock = """
      /                                                        | []
      /model/eu.x%3A0/converse                                 | [model, eu.x:0, converse]
      /model/arn%3Aaws%3Abedrock%3A%3A%3Ainference-profile%2Feu.x/invoke | [model, arn:aws:bedrock:::inference-profile/eu.x, invoke]
      /a+b/%C3%A9                                              | [a+b, é]
      """)
  void decodesTheSegmentsOfACanonicalPath(String path, String segments) {
    assertThat(ProviderPaths.segments(path)).hasToString(segments);
  }
}

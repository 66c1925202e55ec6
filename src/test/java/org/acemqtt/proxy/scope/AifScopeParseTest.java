package org.acemqtt.proxy.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AifScopeParseTest {
    /** SPEC.md §3.2: RFC 9431 Figure 10 as JSON (68 bytes), base64url without padding, and CBOR (48 bytes). */
    static final String EXAMPLE_JSON = AifScopeMatchingTest.RFC_EXAMPLE;
    static final String EXAMPLE_BASE64URL =
            "W1sidG9waWMxIixbInB1YiIsInN1YiJdXSxbInRvcGljMi8jIixbInB1YiJdXSxbIisvdG9waWMzIixbInN1YiJdXV0";
    static final String EXAMPLE_CBOR_HEX =
            "838266746f706963318263707562637375628268746f706963322f23816370756282682b2f746f706963338163737562";
    static final List<ScopeEntry> EXAMPLE_ENTRIES = List.of(
            new ScopeEntry("topic1", true, true),
            new ScopeEntry("topic2/#", true, false),
            new ScopeEntry("+/topic3", false, true));

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void specExampleJsonParsesToItsThreeEntries() throws Exception {
        assertThat(EXAMPLE_JSON).hasSize(68);
        AifScope s = AifScope.parseJson(EXAMPLE_JSON);
        assertThat(s.entries()).isEqualTo(EXAMPLE_ENTRIES);
        assertThat(s).hasToString(EXAMPLE_JSON);
    }

    @Test
    void specExampleBase64urlClaimParsesToTheSameEntries() throws Exception {
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(EXAMPLE_JSON.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EXAMPLE_BASE64URL);
        assertThat(AifScope.parseJsonScopeClaim(EXAMPLE_BASE64URL).entries()).isEqualTo(EXAMPLE_ENTRIES);
    }

    @Test
    void scopeClaimIsLiberalAboutPaddingAndRawJsonArrays() throws Exception {
        assertThat(AifScope.parseJsonScopeClaim(EXAMPLE_BASE64URL + "=").entries()).isEqualTo(EXAMPLE_ENTRIES);
        assertThat(AifScope.parseJsonScopeClaim(EXAMPLE_JSON).entries()).isEqualTo(EXAMPLE_ENTRIES);
        assertThat(AifScope.parseJsonScopeClaim(" \n" + EXAMPLE_JSON).entries()).isEqualTo(EXAMPLE_ENTRIES);
        assertThat(AifScope.parseJsonScopeClaim("[]").entries()).isEmpty();
    }

    @Test
    void specExampleCborParsesToTheSameEntries() throws Exception {
        byte[] cbor = hex(EXAMPLE_CBOR_HEX);
        assertThat(cbor).hasSize(48);
        assertThat(AifScope.parseCbor(cbor).entries()).isEqualTo(EXAMPLE_ENTRIES);
    }

    @Test
    void emptyArraysAreTheEmptyScope() throws Exception {
        assertThat(AifScope.parseJson("[]").entries()).isEmpty();
        assertThat(AifScope.parseJson(" [ ] ").entries()).isEmpty();
        assertThat(AifScope.parseCbor(hex("80")).entries()).isEmpty();
        assertThat(AifScope.parseJsonScopeClaim("W10").entries()).isEmpty(); // base64url("[]")
        assertThat(AifScope.empty().entries()).isEmpty();
    }

    @Test
    void duplicateFiltersGrantTheUnionOfTheirPermissions() throws Exception {
        AifScope s = AifScope.parseJson("[[\"a\",[\"pub\"]],[\"b\",[\"pub\",\"pub\"]],[\"a\",[\"sub\"]]]");
        assertThat(s.entries()).containsExactly(new ScopeEntry("a", true, true), new ScopeEntry("b", true, false));
        assertThat(s.mayPublish("a")).isTrue();
        assertThat(s.maySubscribe("a")).isTrue();
        assertThat(s.maySubscribe("b")).isFalse();
    }

    @Test
    void toStringParsesBackToTheSameEntries() throws Exception {
        AifScope s = AifScope.parseJson("[[\"q\\\"uo\\\\te/\\u0001/温\",[\"sub\"]],[\"#\",[\"sub\",\"pub\"]]]");
        assertThat(AifScope.parseJson(s.toString()).entries()).isEqualTo(s.entries());
        assertThat(s.toString()).endsWith("[\"#\",[\"pub\",\"sub\"]]]");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                            | scope must be a JSON array, found end of input",
        "{}                            | scope must be a JSON array, found an object",
        "\"topic1\"                    | scope must be a JSON array, found a string",
        "42                            | scope must be a JSON array, found a number",
        "null                          | scope must be a JSON array, found null",
        "[\"a\",[\"pub\"]]             | entry 0: must be an array [topic_filter, permissions], found a string",
        "[null]                        | entry 0: must be an array [topic_filter, permissions], found null",
        "[{\"a\":[\"pub\"]}]           | entry 0: must be an array [topic_filter, permissions], found an object",
        "[[]]                          | entry 0: topic filter must be a string, found the end of the array",
        "[[1,[\"pub\"]]]               | entry 0: topic filter must be a string, found a number",
        "[[[\"a\"],[\"pub\"]]]         | entry 0: topic filter must be a string, found an array",
        "[[\"a\"]]                     | entry 0: permissions must be an array, found the end of the array",
        "[[\"a\",\"pub\"]]             | entry 0: permissions must be an array, found a string",
        "[[\"a\",null]]                | entry 0: permissions must be an array, found null",
        "[[\"a\",{}]]                  | entry 0: permissions must be an array, found an object",
        "[[\"a\",[]]]                  | entry 0: permissions must not be empty",
        "[[\"a\",[1]]]                 | entry 0: permission must be a string, found a number",
        "[[\"a\",[true]]]              | entry 0: permission must be a string, found a boolean",
        "[[\"a\",[[\"pub\"]]]]         | entry 0: permission must be a string, found an array",
        "[[\"a\",[\"publish\"]]]       | entry 0: unknown permission 'publish' (expected \"pub\" or \"sub\")",
        "[[\"a\",[\"PUB\"]]]           | entry 0: unknown permission 'PUB'",
        "[[\"a\",[\"\"]]]              | entry 0: unknown permission ''",
        "[[\"a\",[\"pub\"],\"x\"]]     | entry 0: must have exactly 2 elements [topic_filter, permissions], found a string",
        "[[\"ok\",[\"pub\"]],[\"#/a\",[\"sub\"]]] | entry 1: topic filter '#/a': '#' must be the last level",
        "[[\"a\",[\"pub\"]],[\"b\",[\"sub\"]],[\"a/b#\",[\"sub\"]]] | entry 2: topic filter 'a/b#': '#' must occupy a whole level",
        "[[\"a+\",[\"pub\"]]]          | entry 0: topic filter 'a+': '+' must occupy a whole level",
        "[[\"\",[\"pub\"]]]            | entry 0: topic filter '': must not be empty",
        "[[\"a\\u0000b\",[\"pub\"]]]   | entry 0: topic filter 'a\\u0000b': must not contain U+0000",
        "[[\"a\\ud800\",[\"pub\"]]]    | entry 0: topic filter 'a\\uD800': unpaired surrogate",
        "[[\"a\",[\"pub\"]]][]         | trailing content after the scope array: an array",
        "[[\"a\",[\"pub\"]]] x         | malformed JSON",
        "[[\"a\",[\"pub\"]]            | entry 1: malformed JSON: Unexpected end-of-input",
        "[[\"a\",[\"pub\"]],]          | entry 1: malformed JSON",
        "[[\"a\",[\"pub\",]]]          | entry 0: malformed JSON",
        "[['a',['pub']]]               | entry 0: malformed JSON",
        "[[\"a\",[\"pub\"]]] // note   | malformed JSON",
        "[[\"a\" [\"pub\"]]]           | entry 0: malformed JSON",
    })
    void malformedJsonScopesAreRejectedWithAUsefulMessage(String json, String message) {
        assertThatThrownBy(() -> AifScope.parseJson(json))
                .isInstanceOf(ScopeFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void nullInputIsRejectedNotAnEmptyScope() {
        assertThatThrownBy(() -> AifScope.parseJson(null)).isInstanceOf(ScopeFormatException.class);
        assertThatThrownBy(() -> AifScope.parseJsonScopeClaim(null)).isInstanceOf(ScopeFormatException.class);
        assertThatThrownBy(() -> AifScope.parseCbor(null)).isInstanceOf(ScopeFormatException.class);
    }

    @Test
    void entryCountIsBoundedAt1024() throws Exception {
        String entry = "[\"a\",[\"pub\"]]";
        String ok = "[" + String.join(",", java.util.Collections.nCopies(1024, entry)) + "]";
        assertThat(AifScope.parseJson(ok).entries()).hasSize(1);
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1025, entry)) + "]";
        assertThatThrownBy(() -> AifScope.parseJson(tooMany)).hasMessage("more than 1024 entries");
    }

    @Test
    void permissionArraysAreBounded() {
        String perms = String.join(",", java.util.Collections.nCopies(17, "\"pub\""));
        assertThatThrownBy(() -> AifScope.parseJson("[[\"a\",[" + perms + "]]]"))
                .hasMessage("entry 0: more than 16 permissions");
    }

    @Test
    void filterLengthIsBoundedInUtf8Bytes() throws Exception {
        assertThat(AifScope.parseJson("[[\"" + "é".repeat(32_767) + "a\",[\"pub\"]]]").entries()).hasSize(1);
        assertThatThrownBy(() -> AifScope.parseJson("[[\"" + "é".repeat(32_768) + "\",[\"pub\"]]]"))
                .hasMessageEndingWith("longer than 65535 UTF-8 bytes");
        assertThatThrownBy(() -> AifScope.parseJson("[[\"" + "a".repeat(70_000) + "\",[\"pub\"]]]"))
                .hasMessageStartingWith("entry 0: malformed JSON");
    }

    @Test
    void longFiltersAreTruncatedInMessages() {
        assertThatThrownBy(() -> AifScope.parseJson("[[\"" + "a".repeat(1000) + "#\",[\"pub\"]]]"))
                .hasMessageContaining("...(1001 chars)")
                .message().hasSizeLessThan(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "read write                | neither a JSON array nor base64url",
        "W1si+G9waWMxIl0           | neither a JSON array nor base64url",
        "W1si/G9waWMxIl0           | neither a JSON array nor base64url",
        "W1sidG9w aWMxIl0          | neither a JSON array nor base64url",
        "e30                       | scope claim (base64url-decoded): scope must be a JSON array, found an object",
        "InRvcGljMSI               | scope claim (base64url-decoded): scope must be a JSON array, found a string",
        "W1siYSIsW11dXQ            | scope claim (base64url-decoded): entry 0: permissions must not be empty",
        "_w                        | scope claim: base64url content is not valid UTF-8",
        "W                         | neither a JSON array nor base64url",
    })
    void unrecognizedScopeClaimsAreRejected(String claim, String message) {
        assertThatThrownBy(() -> AifScope.parseJsonScopeClaim(claim))
                .isInstanceOf(ScopeFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptyScopeClaimIsRejected() {
        assertThatThrownBy(() -> AifScope.parseJsonScopeClaim(""))
                .hasMessageContaining("scope must be a JSON array, found end of input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "(empty)                         | truncated: scope must be a CBOR array, found end of input",
        "a0                              | scope must be a CBOR array, found a map",
        "63 707562                       | scope must be a CBOR array, found a text string",
        "5830 8382                       | scope must be a CBOR array, found a byte string",
        "d818 80                         | scope must be a CBOR array, found a tag",
        "f6                              | scope must be a CBOR array, found a simple value or float",
        "9f ff                           | scope must be a CBOR array: indefinite-length encoding is not allowed",
        "9c                              | scope must be a CBOR array: reserved additional information 28",
        "99 0401                         | scope has 1025 entries, more than 1024",
        "9b 0000000100000000             | scope has 4294967296 entries, more than 1024",
        "9b ffffffffffffffff             | scope has 9223372036854775807 entries, more than 1024",
        "99 04                           | truncated: 2-byte length, 1 byte(s) left",
        "81                              | entry 0: truncated: must be an array [topic_filter, permissions]",
        "81 9f 6161 8163707562 ff        | entry 0: must be an array [topic_filter, permissions]: indefinite-length",
        "81 6161                         | entry 0: must be an array [topic_filter, permissions], found a text string",
        "81 c1 82 6161 8163707562        | entry 0: must be an array [topic_filter, permissions], found a tag",
        "81 83 6161 8163707562 00        | entry 0: must have exactly 2 elements [topic_filter, permissions], found 3",
        "81 81 6161                      | entry 0: must have exactly 2 elements [topic_filter, permissions], found 1",
        "81 82 4161 8163707562           | entry 0: topic filter must be a text string, found a byte string",
        "81 82 01 8163707562             | entry 0: topic filter must be a text string, found an unsigned integer",
        "81 82 7f 6161 ff 8163707562     | entry 0: topic filter must be a text string: indefinite-length",
        "81 82 d820 6161 8163707562      | entry 0: topic filter must be a text string, found a tag",
        "81 82 6561 61                   | entry 0: truncated: text string of 5 bytes, 2 left",
        "81 82 7bffffffffffffffff        | entry 0: topic filter must be a text string, but is longer than 65535 bytes",
        "81 82 7a00010000                | entry 0: topic filter must be a text string, but is longer than 65535 bytes",
        "81 82 61ff 8163707562           | entry 0: text string is not valid UTF-8",
        "81 82 62c0af 8163707562         | entry 0: text string is not valid UTF-8",
        "81 82 63eda080 8163707562       | entry 0: text string is not valid UTF-8",
        "81 82 6100 8163707562           | entry 0: topic filter '\\u0000': must not contain U+0000",
        "81 82 60 8163707562             | entry 0: topic filter '': must not be empty",
        "81 82 63232f61 8163707562       | entry 0: topic filter '#/a': '#' must be the last level",
        "81 82 6161 80                   | entry 0: permissions must not be empty",
        "81 82 6161 63707562             | entry 0: permissions must be an array, found a text string",
        "81 82 6161 9f63707562ff         | entry 0: permissions must be an array: indefinite-length",
        "81 82 6161 91                   | entry 0: more than 16 permissions",
        "81 82 6161 8101                 | entry 0: permission must be a text string, found an unsigned integer",
        "81 82 6161 8143707562           | entry 0: permission must be a text string, found a byte string",
        "81 82 6161 8163507562           | entry 0: unknown permission 'Pub'",
        "81 82 6161 8163707562 00        | 1 trailing byte(s) after the scope array",
        "80 80                           | 1 trailing byte(s) after the scope array",
        "82 82 6161 8163707562 82 6162 80 | entry 1: permissions must not be empty",
        "82 82 6161 8163707562           | entry 1: truncated: must be an array [topic_filter, permissions]",
    })
    void malformedCborScopesAreRejectedWithAUsefulMessage(String hexInput, String message) {
        byte[] cbor = hexInput.equals("(empty)") ? new byte[0] : hex(hexInput);
        assertThatThrownBy(() -> AifScope.parseCbor(cbor))
                .isInstanceOf(ScopeFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void bstrWrappedCborIsNotTheArrayItself() {
        // SPEC.md §3.2: the CWT claim wraps the array in a byte string; the caller unwraps it before parseCbor.
        assertThatThrownBy(() -> AifScope.parseCbor(hex("5830" + EXAMPLE_CBOR_HEX)))
                .hasMessage("scope must be a CBOR array, found a byte string");
    }

    @Test
    void nonShortestCborLengthsAreStillValid() throws Exception {
        // 98 01 = array of 1 with a one-byte length; 78 01 = text of 1 with a one-byte length.
        assertThat(AifScope.parseCbor(hex("9801 82 7801 61 8163707562")).entries())
                .containsExactly(new ScopeEntry("a", true, false));
    }

    @Test
    void cborWithMultiByteUtf8FiltersParses() throws Exception {
        byte[] filter = "温/🌡".getBytes(StandardCharsets.UTF_8); // 3 + 1 + 4 bytes
        String cbor = "81 82 68" + HexFormat.of().formatHex(filter) + " 8263737562 63707562";
        assertThat(AifScope.parseCbor(hex(cbor)).entries()).containsExactly(new ScopeEntry("温/🌡", true, true));
    }
}

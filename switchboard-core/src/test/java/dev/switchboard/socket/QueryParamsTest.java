package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connect params from the query string, parsed like Plug (spec §1.2). */
class QueryParamsTest {

    @Test
    void percentEncodingAndBracketKeysAsPhoenixJsSendsThem() {
        Map<String, Object> params = QueryParams.parse("token=a%20b%26c&user%5Bid%5D=5&vsn=2.0.0");

        assertThat(params).containsExactly(
                Map.entry("token", "a b&c"),
                Map.entry("user", Map.of("id", "5")),
                Map.entry("vsn", "2.0.0"));
    }

    @Test
    void aNullParamsEmptySegmentIsTolerated() {
        assertThat(QueryParams.parse("a=1&&b=2")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void aTrailingBareAmpersandIsTolerated() {
        assertThat(QueryParams.parse("user=ann&vsn=2.0.0&")).containsExactly(
                Map.entry("user", "ann"), Map.entry("vsn", "2.0.0"));
    }

    @Test
    void undefinedIsJustALiteralString() {
        assertThat(QueryParams.parse("token=undefined")).containsExactly(Map.entry("token", "undefined"));
    }

    @Test
    void arrayIndicesBecomeMapKeysNotAList() {
        assertThat(QueryParams.parse("tags[0]=x&tags[1]=y"))
                .containsExactly(Map.entry("tags", Map.of("0", "x", "1", "y")));
    }

    @Test
    void emptyBracketsAppendUnderTheNextIndex() {
        assertThat(QueryParams.parse("tags[]=x&tags[]=y"))
                .containsExactly(Map.entry("tags", Map.of("0", "x", "1", "y")));
    }

    @Test
    void bracketsNestToAnyDepth() {
        assertThat(QueryParams.parse("user[address][city]=Paris&user[name]=ann"))
                .containsExactly(Map.entry("user", Map.of("address", Map.of("city", "Paris"), "name", "ann")));
    }

    @Test
    void aVsnWithBracketsIsAMapNotAString() {
        Map<String, Object> params = QueryParams.parse("vsn[]=1");

        assertThat(params.get("vsn")).isInstanceOf(Map.class);
        assertThat(new ConnectRequest(params, null).param("vsn")).isNull();
    }

    @Test
    void plusIsASpaceAndUtf8IsDecoded() {
        assertThat(QueryParams.parse("name=a+b&city=S%C3%A3o%20Paulo"))
                .containsExactly(Map.entry("name", "a b"), Map.entry("city", "São Paulo"));
    }

    @Test
    void aKeyWithoutAValueIsAnEmptyStringAndAnEmptyKeyIsSkipped() {
        assertThat(QueryParams.parse("flag&=orphan&x=")).containsExactly(Map.entry("flag", ""), Map.entry("x", ""));
    }

    @Test
    void aRepeatedPlainKeyKeepsItsLastValue() {
        assertThat(QueryParams.parse("a=1&a=2")).containsExactly(Map.entry("a", "2"));
    }

    @Test
    void anEncodedEqualsSignOrAmpersandStaysInsideTheValue() {
        assertThat(QueryParams.parse("q=a%3Db%26c")).containsExactly(Map.entry("q", "a=b&c"));
    }

    @Test
    void nullOrEmptyQueriesGiveNoParams() {
        assertThat(QueryParams.parse(null)).isEmpty();
        assertThat(QueryParams.parse("")).isEmpty();
        assertThat(QueryParams.parse("&&&")).isEmpty();
    }

    @Test
    void everyLeafIsAString() {
        assertThat(QueryParams.parse("n=5&b=true")).containsExactly(Map.entry("n", "5"), Map.entry("b", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"token=%zz", "token=abc%", "token=%2", "%zz=1", "user[%zz]=1"})
    void malformedPercentEncodingIsRejected(String query) {
        assertThatThrownBy(() -> QueryParams.parse(query))
                .isInstanceOf(QueryParams.MalformedQueryException.class)
                .hasMessageContaining("percent-encoding");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "a=1&a[b]=2",
        "a[b]=2&a=1",
        "a[b]=1&a[b][c]=2",
        "a[b][c]=2&a[b]=1",
    })
    void aKeyThatIsBothAPlainValueAndANestedMapIsRejectedWhicheverComesFirst(String query) {
        assertThatThrownBy(() -> QueryParams.parse(query))
                .isInstanceOf(QueryParams.MalformedQueryException.class)
                .hasMessageContaining("conflicts");
    }
}

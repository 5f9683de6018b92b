package org.huxin.gateway.slips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escape_markupCharacters() {
    assertEquals(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
        Html.escape("<script>alert('x')</script> & \"q\""));
  }

  @Test
  void escape_controlCharactersReplaced() {
    assertEquals("a\uFFFDb\uFFFDc\td\ne", Html.escape("a\u0000b\u007Fc\td\ne"));
  }

  @Test
  void escape_plainTextUnchanged() {
    assertEquals("王小红 070101 B5AC3-EVJH2", Html.escape("王小红 070101 B5AC3-EVJH2"));
  }
}

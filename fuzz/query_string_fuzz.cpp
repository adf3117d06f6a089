// The gateway's query-string and path decoding (gateway/query_string): every request target and every
// form body goes through it before any front door looks at the request.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/common/query_string.hpp"
#include "signing/percent_encoding.hpp"
#include "support/fuzz_check.hpp"

using tg::adapters::parse_query;
using tg::adapters::percent_decode;
using tg::signing::percent_encode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);

  const auto plain = percent_decode(raw, false);
  const auto spaced = percent_decode(raw, true);
  // '+' is never part of an escape, so it cannot make one malformed.
  FUZZ_CHECK(plain.has_value() == spaced.has_value());
  if (plain) {
    FUZZ_CHECK(plain->size() <= raw.size());
    FUZZ_CHECK(spaced->size() == plain->size());
    // What was decoded comes back unchanged through the encoder the signatures use.
    FUZZ_CHECK(percent_decode(percent_encode(*plain), false) == *plain);
    if (raw.find('+') == std::string_view::npos) FUZZ_CHECK(*spaced == *plain);
  }

  const auto pairs = parse_query(raw);
  // Splitting on '&' and '=' cuts no escape in two (neither is a hex digit): the query is malformed
  // exactly when the whole text is.
  FUZZ_CHECK(pairs.has_value() == spaced.has_value());
  if (!pairs) return 0;
  std::size_t separators = 0;
  for (char c : raw) separators += c == '&';
  FUZZ_CHECK(pairs->size() <= separators + 1);
  // Re-encoding every pair gives a query that parses to the same pairs, in the same order.
  std::string again;
  for (const auto& [name, value] : *pairs) again += percent_encode(name) + "=" + percent_encode(value) + "&";
  const auto reparsed = parse_query(again);
  FUZZ_CHECK(reparsed.has_value());
  FUZZ_CHECK(*reparsed == *pairs);
  return 0;
}

#include "signing/nonce_tag.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tg::signing {
namespace {

NonceTagger::Key reference_key() {
  NonceTagger::Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  return key;
}

TEST(NonceTagger, SipHashMatchesTheReferenceVectors) {
  // The SipHash-2-4 paper's vectors: key 00..0f, messages 00 01 02 ... of growing length.
  NonceTagger tagger(reference_key());
  EXPECT_EQ(tagger.siphash(""), 0x726fdb47dd0e0e31ULL);
  EXPECT_EQ(tagger.siphash(std::string(1, '\0')), 0x74f839c593dc67fdULL);
  std::string fifteen;
  for (char c = 0; c < 15; ++c) fifteen.push_back(c);
  EXPECT_EQ(tagger.siphash(fifteen), 0xa129ca6149be45e5ULL);
}

TEST(NonceTagger, RandomKeysGiveDifferentTags) {
  NonceTagger a;
  NonceTagger b;
  EXPECT_EQ(a.tag("4fd24687296dd9f3"), a.tag("4fd24687296dd9f3"));
  EXPECT_NE(a.tag("4fd24687296dd9f3"), b.tag("4fd24687296dd9f3"));
  EXPECT_NE(a.tag("4fd24687296dd9f3"), a.tag("4fd24687296dd9f4"));
  EXPECT_NE(a.tag(""), 0u);
}

}  // namespace
}  // namespace tg::signing

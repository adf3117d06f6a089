#include "signing/zego_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

TEST(ZegoSignature, OfficialSignature20Vector) {
  EXPECT_EQ(
      zego_signature(12345u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943),
      "43e5cfcca828314675f91b001390566a");
  EXPECT_EQ(
      zego_signature("12345", "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", "1615186943"),
      "43e5cfcca828314675f91b001390566a");
}

TEST(ZegoSignature, EveryInputChangesTheSignature) {
  const std::string base =
      zego_signature(12345u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943);
  EXPECT_NE(
      zego_signature(12346u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943),
      base);
  EXPECT_NE(
      zego_signature(12345u, "4fd24687296dd9f4", "9193cc662a4c0ec135ec71fb57194b38", 1615186943),
      base);
  EXPECT_NE(
      zego_signature(12345u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b39", 1615186943),
      base);
  EXPECT_NE(
      zego_signature(12345u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186944),
      base);
}

TEST(ZegoSignature, OfficialCallbackVector) {
  EXPECT_EQ(zego_callback_signature("secret", "1470820198", "123412"),
            "5bd59fd62953a8059fb7eaba95720f66d19e4517");
}

TEST(ZegoSignature, CallbackSortsBeforeJoining) {
  // The argument order must not matter beyond which value is which: the three are sorted.
  EXPECT_EQ(zego_callback_signature("123412", "secret", "1470820198"),
            "5bd59fd62953a8059fb7eaba95720f66d19e4517");
  EXPECT_NE(zego_callback_signature("secret2", "1470820198", "123412"),
            "5bd59fd62953a8059fb7eaba95720f66d19e4517");
}

}  // namespace
}  // namespace tg::signing

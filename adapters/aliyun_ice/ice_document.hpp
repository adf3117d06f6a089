#pragma once
// One ICE answer as a small tree, written out as JSON or as XML, the two shapes the RPC Format parameter
// chooses between. XML follows the POP gateway: a root element named after the Action plus "Response"
// (errors: "Error"), members as child elements, and each item of an array as one element with the array's
// name.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tg::adapters::aliyun_ice {

class IceNode {
 public:
  struct Member;
  using Object = std::vector<Member>;
  using Array = std::vector<IceNode>;

  // Implicit on purpose: members are set from plain values. Defined below, where Member is complete.
  IceNode();
  IceNode(std::string text);  // NOLINT
  IceNode(const char* text);  // NOLINT
  IceNode(int64_t number);    // NOLINT
  IceNode(int number);        // NOLINT
  IceNode(bool flag);         // NOLINT
  static IceNode array();

  /// Adds a member to an object node; returns *this.
  IceNode& set(std::string name, IceNode value);
  /// Appends an item to an array node; returns *this.
  IceNode& push(IceNode item);

  std::string to_json() const;
  /// `<?xml …?><root>…</root>`.
  std::string to_xml(const std::string& root) const;

 private:
  void write_xml(std::string& out, const std::string& name) const;
  friend struct JsonWriterAccess;

  std::variant<std::string, int64_t, bool, Object, Array> value_;
};

struct IceNode::Member {
  std::string name;
  IceNode value;
};

inline IceNode::IceNode() : value_(Object{}) {}
inline IceNode::IceNode(std::string text) : value_(std::move(text)) {}
inline IceNode::IceNode(const char* text) : value_(std::string(text)) {}
inline IceNode::IceNode(int64_t number) : value_(number) {}
inline IceNode::IceNode(int number) : value_(static_cast<int64_t>(number)) {}
inline IceNode::IceNode(bool flag) : value_(flag) {}
inline IceNode IceNode::array() {
  IceNode node;
  node.value_ = Array{};
  return node;
}

}  // namespace tg::adapters::aliyun_ice

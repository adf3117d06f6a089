#include "support/zego_client.hpp"

#include <rapidjson/document.h>

#include <cctype>
#include <ctime>

#include "core/random_id.hpp"
#include "signing/zego_signature.hpp"

namespace tg::testing {
namespace {

std::string encode(const std::string& v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string zego_url(const std::string& base_url, const ZegoCredentials& creds,
                     const std::vector<std::pair<std::string, std::string>>& params, int64_t timestamp,
                     const std::string& nonce) {
  std::string ts = std::to_string(timestamp ? timestamp : static_cast<int64_t>(std::time(nullptr)));
  std::string n = nonce.empty() ? tg::random_hex(8) : nonce;
  std::string sig = tg::signing::zego_signature(creds.app_id, n, creds.server_secret, ts);
  std::string url = base_url + "/?";
  for (const auto& [k, v] : params) url += k + "=" + encode(v) + "&";
  url += "AppId=" + creds.app_id + "&SignatureNonce=" + n + "&Timestamp=" + ts + "&Signature=" + sig +
         "&SignatureVersion=2.0";
  return url;
}

namespace {

const rapidjson::Value* find_path(const rapidjson::Document& doc, const std::string& path) {
  if (doc.HasParseError()) return nullptr;
  const rapidjson::Value* v = &doc;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    std::string key = path.substr(start, dot - start);
    if (!v->IsObject() || !v->HasMember(key.c_str())) return nullptr;
    v = &(*v)[key.c_str()];
    start = dot + 1;
  }
  return v;
}

}  // namespace

std::vector<std::string> json_strings(const std::string& json, const std::string& path) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  std::vector<std::string> out;
  const rapidjson::Value* v = find_path(doc, path);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString());
  }
  return out;
}

std::string json_field(const std::string& json, const std::string& path) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  const rapidjson::Value* v = find_path(doc, path);
  if (!v) return "";
  if (v->IsString()) return v->GetString();
  if (v->IsInt64()) return std::to_string(v->GetInt64());
  if (v->IsUint64()) return std::to_string(v->GetUint64());
  if (v->IsDouble()) return std::to_string(v->GetDouble());
  if (v->IsBool()) return v->GetBool() ? "true" : "false";
  return "";
}

}  // namespace tg::testing

#include "signing/huawei_signature.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "signing/constant_time.hpp"
#include "signing/digest.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::signing {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::optional<HuaweiAuthorization> parse_huawei_authorization(std::string_view value) {
  value = trim(value);
  if (!value.starts_with(kHuaweiAlgorithm)) return std::nullopt;
  value.remove_prefix(kHuaweiAlgorithm.size());
  if (value.empty() || value.front() != ' ') return std::nullopt;
  HuaweiAuthorization out;
  std::optional<std::string> access;
  std::optional<std::string> headers;
  std::optional<std::string> signature;
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view part = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = part.substr(0, eq);
    std::string field(part.substr(eq + 1));
    std::optional<std::string>* slot = name == "Access" ? &access
                                       : name == "SignedHeaders" ? &headers
                                       : name == "Signature" ? &signature
                                                             : nullptr;
    if (slot == nullptr || slot->has_value()) return std::nullopt;
    *slot = std::move(field);
  }
  if (!access || access->empty() || !headers || headers->empty() || !signature) return std::nullopt;
  out.access_key = std::move(*access);
  out.signature = lowercase(*signature);
  if (out.signature.size() != 64 || !is_lower_hex(out.signature)) return std::nullopt;
  std::string_view list = *headers;
  while (true) {
    const auto semi = list.find(';');
    std::string name = lowercase(list.substr(0, semi));
    if (name.empty()) return std::nullopt;
    out.signed_headers.push_back(std::move(name));
    if (semi == std::string_view::npos) break;
    list.remove_prefix(semi + 1);
  }
  return out;
}

std::string huawei_canonical_uri(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    out += percent_encode(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  if (out.empty() || out.back() != '/') out += '/';
  return out;
}

std::string huawei_canonical_query(const Params& query) {
  std::map<std::string, std::vector<std::string>> sorted;
  for (const auto& [name, value] : query) sorted[percent_encode(name)].push_back(percent_encode(value));
  std::string out;
  for (auto& [name, values] : sorted) {
    std::sort(values.begin(), values.end());
    for (const std::string& value : values) {
      if (!out.empty()) out += '&';
      out += name + "=" + value;
    }
  }
  return out;
}

std::string huawei_canonical_request(const HuaweiSignedRequest& request,
                                     const std::vector<std::string>& signed_headers) {
  std::string out = request.method + "\n" + huawei_canonical_uri(request.path) + "\n" +
                    huawei_canonical_query(request.query) + "\n";
  std::vector<std::string> names = signed_headers;
  std::sort(names.begin(), names.end());
  std::optional<std::string> content_sha;
  for (const auto& [name, value] : request.headers) {
    if (lowercase(name) == "x-sdk-content-sha256") content_sha = std::string(trim(value));
  }
  for (const std::string& name : names) {
    std::string_view value;
    for (const auto& [header, header_value] : request.headers) {
      if (lowercase(header) == name) {
        value = header_value;
        break;
      }
    }
    out += name + ":" + std::string(trim(value)) + "\n";
  }
  out += "\n";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : ";") + names[i];
  out += "\n";
  out += content_sha ? *content_sha : sha256_hex(request.body);
  return out;
}

std::string huawei_string_to_sign(std::string_view sdk_date, std::string_view canonical_request) {
  return std::string(kHuaweiAlgorithm) + "\n" + std::string(sdk_date) + "\n" + sha256_hex(canonical_request);
}

std::string huawei_signature(std::string_view secret_key, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(secret_key, string_to_sign));
}

std::string huawei_sign(const HuaweiSignedRequest& request, const std::vector<std::string>& signed_headers,
                        std::string_view sdk_date, std::string_view secret_key) {
  return huawei_signature(secret_key,
                          huawei_string_to_sign(sdk_date, huawei_canonical_request(request, signed_headers)));
}

bool huawei_verify(const HuaweiSignedRequest& request, const HuaweiAuthorization& authorization,
                   std::string_view sdk_date, std::string_view secret_key) {
  return constant_time_equals(huawei_sign(request, authorization.signed_headers, sdk_date, secret_key),
                              authorization.signature);
}

}  // namespace tg::signing

#include "signing/cos_signature.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "signing/constant_time.hpp"
#include "signing/digest.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::signing {
namespace {

constexpr std::string_view kAlgorithm = "sha1";

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string canonical_name(std::string_view name) { return ascii_lower(cos_url_encode(name)); }

struct Canonical {
  std::string list;    // "k1;k2"
  std::string joined;  // "k1=v1&k2=v2"
};

Canonical canonicalize(const Params& items) {
  Params encoded;
  encoded.reserve(items.size());
  for (const auto& [name, value] : items) {
    encoded.emplace_back(canonical_name(name), cos_url_encode(value));
  }
  std::stable_sort(encoded.begin(), encoded.end(),
                   [](const Param& a, const Param& b) { return a.first < b.first; });
  Canonical out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (i > 0) {
      out.list.push_back(';');
      out.joined.push_back('&');
    }
    out.list.append(encoded[i].first);
    out.joined.append(encoded[i].first).push_back('=');
    out.joined.append(encoded[i].second);
  }
  return out;
}

CosSignatureParts sign_selected(std::string_view secret_key, std::string_view key_time,
                                std::string_view method, std::string_view uri_pathname,
                                const Params& params, const Params& headers) {
  CosSignatureParts parts;
  parts.sign_key = to_hex(hmac_sha1(secret_key, key_time));
  Canonical p = canonicalize(params);
  Canonical h = canonicalize(headers);
  parts.url_param_list = std::move(p.list);
  parts.http_parameters = std::move(p.joined);
  parts.header_list = std::move(h.list);
  parts.http_headers = std::move(h.joined);
  parts.http_string = ascii_lower(std::string(method));
  parts.http_string.append("\n").append(uri_pathname).append("\n");
  parts.http_string.append(parts.http_parameters).append("\n");
  parts.http_string.append(parts.http_headers).append("\n");
  parts.http_string_sha1 = sha1_hex(parts.http_string);
  parts.string_to_sign = std::string(kAlgorithm);
  parts.string_to_sign.append("\n").append(key_time).append("\n");
  parts.string_to_sign.append(parts.http_string_sha1).append("\n");
  parts.signature = to_hex(hmac_sha1(parts.sign_key, parts.string_to_sign));
  return parts;
}

// Picks, for every name in `names`, the request items whose canonical name matches it.
Result<Params, CosVerifyError> select_named(const Params& items,
                                            const std::vector<std::string>& names,
                                            std::string_view kind) {
  Params selected;
  for (const std::string& wanted : names) {
    bool found = false;
    for (const Param& item : items) {
      if (canonical_name(item.first) == wanted) {
        selected.push_back(item);
        found = true;
      }
    }
    if (!found) {
      return unexpected(CosVerifyError{
          CosVerifyErrorCode::kSignedFieldMissing,
          std::string(kind) + " '" + wanted + "' is signed but not present in the request"});
    }
  }
  return selected;
}

bool parse_int64(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// "start;end" with start <= end, both non-negative decimal Unix seconds.
bool parse_time_range(std::string_view text, int64_t& start, int64_t& end) {
  const size_t semi = text.find(';');
  if (semi == std::string_view::npos) return false;
  return parse_int64(text.substr(0, semi), start) && parse_int64(text.substr(semi + 1), end) &&
         start <= end;
}

Result<std::vector<std::string>, std::string> parse_name_list(std::string_view field,
                                                              std::string_view text) {
  std::vector<std::string> names;
  if (text.empty()) return names;
  size_t pos = 0;
  while (true) {
    const size_t semi = text.find(';', pos);
    std::string_view name =
        text.substr(pos, semi == std::string_view::npos ? text.npos : semi - pos);
    if (name.empty()) {
      return unexpected(std::string(field) + " has an empty name");
    }
    names.push_back(ascii_lower(std::string(name)));
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return names;
}

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

struct RawFields {
  std::optional<std::string> algorithm, ak, sign_time, key_time, header_list, url_param_list,
      signature;

  std::optional<std::string>* slot(std::string_view key) {
    if (key == "q-sign-algorithm") return &algorithm;
    if (key == "q-ak") return &ak;
    if (key == "q-sign-time") return &sign_time;
    if (key == "q-key-time") return &key_time;
    if (key == "q-header-list") return &header_list;
    if (key == "q-url-param-list") return &url_param_list;
    if (key == "q-signature") return &signature;
    return nullptr;
  }
};

Result<Ok, std::string> store_field(RawFields& fields, std::string_view key,
                                    std::string_view value) {
  std::optional<std::string>* slot = fields.slot(key);
  if (slot == nullptr) return Ok{};
  if (slot->has_value()) return unexpected("duplicate " + std::string(key));
  *slot = std::string(value);
  return Ok{};
}

Result<CosAuthorization, std::string> build(const RawFields& f) {
  if (!f.algorithm) return unexpected(std::string("missing q-sign-algorithm"));
  if (ascii_lower(*f.algorithm) != kAlgorithm) {
    return unexpected("unsupported q-sign-algorithm '" + *f.algorithm + "' (only sha1)");
  }
  if (!f.ak || f.ak->empty()) return unexpected(std::string("missing q-ak"));
  if (!f.sign_time) return unexpected(std::string("missing q-sign-time"));
  if (!f.key_time) return unexpected(std::string("missing q-key-time"));
  if (!f.signature || f.signature->empty()) return unexpected(std::string("missing q-signature"));

  CosAuthorization auth;
  auth.algorithm = std::string(kAlgorithm);
  auth.ak = *f.ak;
  if (!parse_time_range(*f.sign_time, auth.sign_time_start, auth.sign_time_end)) {
    return unexpected("malformed q-sign-time '" + *f.sign_time + "' (want start;end Unix seconds)");
  }
  int64_t key_start = 0;
  int64_t key_end = 0;
  if (!parse_time_range(*f.key_time, key_start, key_end)) {
    return unexpected("malformed q-key-time '" + *f.key_time + "' (want start;end Unix seconds)");
  }
  auth.key_time = *f.key_time;
  TG_TRY_ASSIGN(auth.header_list, parse_name_list("q-header-list", f.header_list.value_or("")));
  TG_TRY_ASSIGN(auth.url_param_list, parse_name_list("q-url-param-list", f.url_param_list.value_or("")));
  if (f.signature->size() != 40 || !is_hex(*f.signature)) {
    return unexpected(std::string("malformed q-signature (want 40 hex characters)"));
  }
  auth.signature = ascii_lower(*f.signature);
  return auth;
}

}  // namespace

std::string cos_url_encode(std::string_view text) { return percent_encode(text); }

CosSignatureParts cos_sign(std::string_view secret_key, std::string_view key_time,
                           std::string_view method, std::string_view uri_pathname,
                           const Params& params, const Params& headers) {
  return sign_selected(secret_key, key_time, method, uri_pathname, params, headers);
}

std::string cos_authorization_value(std::string_view secret_id, std::string_view sign_time,
                                    std::string_view key_time, const CosSignatureParts& parts) {
  std::string out("q-sign-algorithm=");
  out.append(kAlgorithm);
  out.append("&q-ak=").append(secret_id);
  out.append("&q-sign-time=").append(sign_time);
  out.append("&q-key-time=").append(key_time);
  out.append("&q-header-list=").append(parts.header_list);
  out.append("&q-url-param-list=").append(parts.url_param_list);
  out.append("&q-signature=").append(parts.signature);
  return out;
}

Result<CosAuthorization, std::string> parse_cos_authorization(std::string_view value) {
  RawFields fields;
  size_t pos = 0;
  while (pos <= value.size()) {
    const size_t amp = value.find('&', pos);
    std::string_view item =
        value.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!item.empty()) {
      const size_t eq = item.find('=');
      if (eq == std::string_view::npos) {
        return unexpected("malformed Authorization field '" + std::string(item) + "' (no '=')");
      }
      TG_TRY(store_field(fields, item.substr(0, eq), item.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return build(fields);
}

Result<CosAuthorization, std::string> parse_cos_authorization_params(const Params& query) {
  RawFields fields;
  for (const auto& [name, value] : query) {
    TG_TRY(store_field(fields, name, value));
  }
  return build(fields);
}

Result<CosSignatureParts, CosVerifyError> cos_expected_signature(
    const CosAuthorization& auth, std::string_view secret_key, std::string_view method,
    std::string_view uri_pathname, const Params& params, const Params& headers) {
  TG_TRY_ASSIGN(const Params signed_params, select_named(params, auth.url_param_list, "parameter"));
  TG_TRY_ASSIGN(const Params signed_headers, select_named(headers, auth.header_list, "header"));
  return sign_selected(secret_key, auth.key_time, method, uri_pathname, signed_params, signed_headers);
}

Result<Ok, CosVerifyError> cos_verify(const CosAuthorization& auth, std::string_view secret_key,
                                      std::string_view method, std::string_view uri_pathname,
                                      const Params& params, const Params& headers, int64_t now_s) {
  if (now_s > auth.sign_time_end) {
    return unexpected(CosVerifyError{CosVerifyErrorCode::kRequestExpired, "Request has expired"});
  }
  if (now_s < auth.sign_time_start) {
    return unexpected(
        CosVerifyError{CosVerifyErrorCode::kRequestNotYetValid, "Request is not yet valid"});
  }
  TG_TRY_ASSIGN(const CosSignatureParts expected,
                cos_expected_signature(auth, secret_key, method, uri_pathname, params, headers));
  if (!constant_time_equals(expected.signature, auth.signature)) {
    return unexpected(CosVerifyError{CosVerifyErrorCode::kSignatureMismatch,
                                     "The request signature we calculated does not match the "
                                     "signature you provided"});
  }
  return Ok{};
}

}  // namespace tg::signing

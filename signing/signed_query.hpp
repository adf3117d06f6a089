#pragma once
// Ready signed requests for clients and operators (the start-up demo URL, `thumbgate sign`): the one way
// thumbgate composes a signed request, with the same signatures the authenticators check — query strings
// for ZEGO, Tencent VOD, COS and Alibaba RPC, the headers for Huawei's AK/SK.

#include <cstdint>
#include <string>
#include <string_view>

#include "signing/huawei_signature.hpp"
#include "signing/params.hpp"
#include "signing/tencent_v2_signature.hpp"

namespace tg::signing {

/// `params` percent-encoded and joined as k=v with '&', in order.
std::string encode_query(const Params& params);

/// `params` followed by ZEGO's common parameters, Signature 2.0 over AppId, nonce, secret and timestamp:
/// "...&AppId=…&SignatureNonce=…&Timestamp=…&Signature=…&SignatureVersion=2.0".
std::string zego_signed_query(const Params& params, std::string_view app_id, std::string_view server_secret,
                              std::string_view nonce, int64_t timestamp_s);

/// `params` with SecretId, Nonce and Timestamp added and signed with the Tencent Cloud API 2.0 signature
/// for GET `host` + `path` (Signature last).
std::string tencent_v2_signed_query(Params params, std::string_view host, std::string_view path,
                                    std::string_view secret_id, std::string_view secret_key, uint64_t nonce,
                                    int64_t timestamp_s, TencentV2Method method = TencentV2Method::kHmacSha1);

/// `params` followed by the COS q-sign-* fields (q-sign-algorithm=sha1) of a `method` request for
/// `uri_pathname` (decoded, e.g. "/folder/a b.mp4") on `host`, signed over every one of `params` and the
/// Host header, valid from `start_s` to `end_s` (the key time and the sign time): the query form of the
/// Authorization, as the COS SDKs' pre-signed URLs carry it.
std::string cos_signed_query(const Params& params, std::string_view method, std::string_view uri_pathname,
                             std::string_view host, std::string_view secret_id, std::string_view secret_key,
                             int64_t start_s, int64_t end_s);

/// `params` with AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureNonce, SignatureVersion=1.0 and
/// Timestamp (yyyy-MM-ddTHH:mm:ssZ) added and signed with the Alibaba Cloud RPC signature V1.0 for
/// `method` (Signature last).
std::string aliyun_rpc_signed_query(Params params, std::string_view method, std::string_view access_key_id,
                                    std::string_view access_key_secret, std::string_view nonce,
                                    int64_t timestamp_s);

/// The two headers that sign a Huawei Cloud request (SDK-HMAC-SHA256).
struct HuaweiRequestSignature {
  std::string sdk_date;       // X-Sdk-Date, yyyyMMddTHHmmssZ
  std::string authorization;  // "SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…"
};

/// Signs `request` (its headers: the ones sent, Host included) at `timestamp_s` as the huaweicloud SDKs'
/// AKSKSigner does: every header of the request and X-Sdk-Date signed, names lowercase and sorted.
HuaweiRequestSignature huawei_request_signature(HuaweiSignedRequest request, std::string_view access_key,
                                                std::string_view secret_key, int64_t timestamp_s);

}  // namespace tg::signing

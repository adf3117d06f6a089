#pragma once
// Credentials out of text that is logged: URLs lose their user information and their query values.

#include <string>
#include <string_view>

namespace tg {

/// `url` with "user:password@" replaced by "***@" and every query value by "***", e.g.
/// "http://a:b@h/x.mp4?token=s" -> "http://***@h/x.mp4?token=***". Text that is not a URL is returned as is.
std::string redact_url(std::string_view url);

/// `text` with every http://, https:// (any case) URL in it redacted as redact_url does.
std::string redact_urls_in(std::string_view text);

/// True when a parameter, header, form field or JSON member called `name` carries a credential, in any
/// vendor's spelling (any case and separators): Signature, q-signature, X-Amz-Signature, SecretKey,
/// ServerSecret, AccessKeySecret, Token, x-cos-security-token, password, Authorization, api_key, Sign, ...
/// Not the names about a credential that are none: SecretId, AccessKeyId, SignatureMethod,
/// SignatureVersion, SignatureNonce, q-sign-algorithm.
bool is_credential_name(std::string_view name);

}  // namespace tg

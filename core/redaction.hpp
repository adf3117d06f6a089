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

}  // namespace tg

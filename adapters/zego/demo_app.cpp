#include "adapters/zego/demo_app.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/private_dirs.hpp"
#include "core/random_id.hpp"

namespace tg::adapters::zego {
namespace fs = std::filesystem;

tg::Result<DemoApp, std::string> load_or_create_demo_app(const std::string& data_dir) {
  fs::path file = fs::path(data_dir) / "demo-app.json";
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document doc;
    doc.Parse(text.str().c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("app_id") || !doc["app_id"].IsString() ||
        !doc.HasMember("server_secret") || !doc["server_secret"].IsString()) {
      return tg::unexpected(file.string() + ": not a demo app file (delete it to make a new one)");
    }
    return DemoApp{doc["app_id"].GetString(), doc["server_secret"].GetString()};
  }
  if (auto made = create_private_directories(data_dir); !made) return tg::unexpected(made.error());
  // AppId is a Uint32: nine digits, never starting with 0.
  std::string hex = random_hex(4);
  uint32_t n = static_cast<uint32_t>(std::stoul(hex, nullptr, 16));
  DemoApp app{std::to_string(100000000u + n % 900000000u), random_hex(16)};
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("app_id");
  w.String(app.app_id.c_str());
  w.Key("server_secret");
  w.String(app.server_secret.c_str());
  w.EndObject();
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << buf.GetString() << "\n";
    if (!out) return tg::unexpected("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, file, ec);
  if (ec) return tg::unexpected("cannot write " + file.string() + ": " + ec.message());
  return app;
}

}  // namespace tg::adapters::zego

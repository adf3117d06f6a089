#include "tasks/output_codec.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tg::tasks {

std::string encode_outputs(const std::vector<TaskOutput>& outputs) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const TaskOutput& output : outputs) {
    w.StartObject();
    w.Key("name");
    w.String(output.name.data(), static_cast<rapidjson::SizeType>(output.name.size()));
    w.Key("kind");
    w.String(output.kind.data(), static_cast<rapidjson::SizeType>(output.kind.size()));
    w.Key("offset_ms");
    w.Int64(output.offset_ms);
    w.Key("width");
    w.Int(output.width);
    w.Key("height");
    w.Int(output.height);
    w.Key("index");
    w.Int(output.index);
    w.Key("frame_ms");
    w.Int64(output.frame_ms);
    w.Key("entries");
    w.Int(output.entries);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

tg::Result<std::vector<TaskOutput>, std::string> decode_outputs(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) return tg::unexpected(std::string("outputs: expected a JSON array"));
  std::vector<TaskOutput> outputs;
  outputs.reserve(doc.Size());
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    const auto& item = doc[i];
    std::string where = "outputs[" + std::to_string(i) + "]";
    if (!item.IsObject()) return tg::unexpected(where + ": expected an object");
    auto name = item.FindMember("name");
    auto kind = item.FindMember("kind");
    auto offset = item.FindMember("offset_ms");
    auto width = item.FindMember("width");
    auto height = item.FindMember("height");
    if (name == item.MemberEnd() || !name->value.IsString()) return tg::unexpected(where + ".name: expected a string");
    if (kind == item.MemberEnd() || !kind->value.IsString()) return tg::unexpected(where + ".kind: expected a string");
    if (offset == item.MemberEnd() || !offset->value.IsInt64()) {
      return tg::unexpected(where + ".offset_ms: expected an integer");
    }
    if (width == item.MemberEnd() || !width->value.IsInt()) return tg::unexpected(where + ".width: expected an integer");
    if (height == item.MemberEnd() || !height->value.IsInt()) {
      return tg::unexpected(where + ".height: expected an integer");
    }
    TaskOutput output;
    output.name.assign(name->value.GetString(), name->value.GetStringLength());
    output.kind.assign(kind->value.GetString(), kind->value.GetStringLength());
    output.offset_ms = offset->value.GetInt64();
    output.width = width->value.GetInt();
    output.height = height->value.GetInt();
    // Rows stored before the engine's facts were: an output's index was its position.
    output.index = static_cast<int>(i);
    if (auto index = item.FindMember("index"); index != item.MemberEnd()) {
      if (!index->value.IsInt()) return tg::unexpected(where + ".index: expected an integer");
      output.index = index->value.GetInt();
    }
    if (auto frame = item.FindMember("frame_ms"); frame != item.MemberEnd()) {
      if (!frame->value.IsInt64()) return tg::unexpected(where + ".frame_ms: expected an integer");
      output.frame_ms = frame->value.GetInt64();
    }
    if (auto entries = item.FindMember("entries"); entries != item.MemberEnd()) {
      if (!entries->value.IsInt()) return tg::unexpected(where + ".entries: expected an integer");
      output.entries = entries->value.GetInt();
    } else if (output.kind == "vtt") {
      output.entries = kEntriesNotRecorded;  // backfill_cue_counts() counts them from the file once
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

}  // namespace tg::tasks

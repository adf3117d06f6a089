#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "tasks/job.hpp"

namespace tg::tasks {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Value = rapidjson::Value;

const char* kind_name(const JobParams& params) {
  struct Names {
    const char* operator()(const SnapshotJob&) const { return "snapshot"; }
    const char* operator()(const SampleJob&) const { return "sample"; }
    const char* operator()(const SpriteJob&) const { return "sprite"; }
  };
  return std::visit(Names{}, params);
}

const char* mode_name(engine::SeekMode mode) { return mode == engine::SeekMode::kKeyframe ? "keyframe" : "exact"; }
const char* format_name(engine::ImageFormat format) {
  switch (format) {
    case engine::ImageFormat::kJpeg: break;
    case engine::ImageFormat::kPng: return "png";
    case engine::ImageFormat::kWebp: return "webp";
    case engine::ImageFormat::kAvif: return "avif";
  }
  return "jpg";
}
const char* rotate_name(engine::Rotate rotate) { return rotate == engine::Rotate::kOff ? "off" : "auto"; }
const char* fit_name(engine::Fit fit) {
  switch (fit) {
    case engine::Fit::kStretch: break;
    case engine::Fit::kPad: return "pad";
    case engine::Fit::kPreserve: return "preserve";
    case engine::Fit::kCrop: return "crop";
  }
  return "stretch";
}

// The names an enum field is written with (format_name, fit_name, ...) and read back from.
const std::vector<std::pair<const char*, engine::ImageFormat>> kFormats = {
    {"jpg", engine::ImageFormat::kJpeg}, {"png", engine::ImageFormat::kPng},
    {"webp", engine::ImageFormat::kWebp}, {"avif", engine::ImageFormat::kAvif}};
const std::vector<std::pair<const char*, engine::Fit>> kFits = {{"stretch", engine::Fit::kStretch},
                                                                {"pad", engine::Fit::kPad},
                                                                {"preserve", engine::Fit::kPreserve},
                                                                {"crop", engine::Fit::kCrop}};
const std::vector<std::pair<const char*, engine::Rotate>> kRotates = {{"auto", engine::Rotate::kAuto},
                                                                      {"off", engine::Rotate::kOff}};
const std::vector<std::pair<const char*, engine::SeekMode>> kModes = {{"exact", engine::SeekMode::kExact},
                                                                      {"keyframe", engine::SeekMode::kKeyframe}};

std::string colour_text(uint32_t rgb) {
  char text[8];
  std::snprintf(text, sizeof text, "#%06X", static_cast<unsigned>(rgb & 0xFFFFFFu));
  return text;
}

void key(Writer& w, const char* name) { w.Key(name); }
void put(Writer& w, const char* name, int value) { key(w, name); w.Int(value); }
void put(Writer& w, const char* name, int64_t value) { key(w, name); w.Int64(value); }
void put(Writer& w, const char* name, double value) { key(w, name); w.Double(value); }
void put(Writer& w, const char* name, bool value) { key(w, name); w.Bool(value); }
void put(Writer& w, const char* name, const std::string& value) {
  key(w, name);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void put(Writer& w, const char* name, const char* value) { key(w, name); w.String(value); }

void write_image(Writer& w, const engine::ImageOptions& image) {
  w.StartObject();
  put(w, "width", image.width);
  put(w, "height", image.height);
  put(w, "max_length", image.max_length);
  put(w, "fit", fit_name(image.fit));
  put(w, "format", format_name(image.format));
  put(w, "quality", image.quality);
  put(w, "rotate", rotate_name(image.rotate));
  put(w, "background", colour_text(image.background));
  // After the display matrix; left out when unused, as rows written before they existed have them.
  if (image.turn_degrees != 0) put(w, "turn", image.turn_degrees);
  if (image.flip_h) put(w, "flip_h", true);
  if (image.flip_v) put(w, "flip_v", true);
  w.EndObject();
}

void write_black(Writer& w, const engine::BlackFilter& black) {
  w.StartObject();
  put(w, "pixel_threshold", black.pixel_threshold);
  put(w, "max_black_percent", black.max_black_percent);
  put(w, "max_skipped_frames", black.max_skipped_frames);
  w.EndObject();
}

void write_sample(Writer& w, const engine::SampleRequest& sample) {
  w.StartObject();
  put(w, "interval", sample.interval);
  put(w, "percent", sample.percent);
  put(w, "start_s", sample.start_s);
  put(w, "count", sample.count);
  put(w, "mode", mode_name(sample.mode));
  key(w, "image");
  write_image(w, sample.image);
  key(w, "black");
  write_black(w, sample.black);
  w.EndObject();
}

void write_snapshot(Writer& w, const SnapshotJob& snapshot) {
  w.StartObject();
  key(w, "times");
  w.StartArray();
  for (const RequestedTime& time : snapshot.times) {
    w.StartObject();
    if (time.is_percent) {
      put(w, "percent_of_duration", time.percent);
    } else {
      put(w, "offset_ms", time.offset_ms);
    }
    w.EndObject();
  }
  w.EndArray();
  put(w, "mode", mode_name(snapshot.mode));
  key(w, "image");
  write_image(w, snapshot.image);
  key(w, "black");
  write_black(w, snapshot.black);
  w.EndObject();
}

void write_sprite(Writer& w, const engine::SpriteRequest& sprite) {
  w.StartObject();
  key(w, "sampling");
  write_sample(w, sprite.sampling);
  put(w, "columns", sprite.columns);
  put(w, "rows", sprite.rows);
  put(w, "cell_width", sprite.cell_width);
  put(w, "cell_height", sprite.cell_height);
  put(w, "padding", sprite.padding);
  put(w, "margin", sprite.margin);
  put(w, "color", colour_text(sprite.color));
  put(w, "format", format_name(sprite.format));
  put(w, "quality", sprite.quality);
  w.EndObject();
}

// Decoding: every reader takes the object and the field's path for messages. Missing fields keep the
// defaults of the engine structs; a present field of the wrong type or value is an error.
class Reader {
 public:
  std::optional<std::string> error;

  bool fail(const std::string& path, const std::string& what) {
    if (!error) error = path + ": " + what;
    return false;
  }

  static const Value* member(const Value& object, const char* name) {
    auto found = object.FindMember(name);
    return found == object.MemberEnd() ? nullptr : &found->value;
  }

  bool read_int(const Value& object, const std::string& path, const char* name, int& out) {
    const Value* v = member(object, name);
    if (v == nullptr) return true;
    if (!v->IsInt()) return fail(path + "." + name, "expected an integer");
    out = v->GetInt();
    return true;
  }

  bool read_double(const Value& object, const std::string& path, const char* name, double& out) {
    const Value* v = member(object, name);
    if (v == nullptr) return true;
    if (!v->IsNumber()) return fail(path + "." + name, "expected a number");
    double value = v->GetDouble();
    if (!std::isfinite(value)) return fail(path + "." + name, "expected a finite number");
    out = value;
    return true;
  }

  bool read_int64(const Value& object, const std::string& path, const char* name, int64_t& out) {
    const Value* v = member(object, name);
    if (v == nullptr) return true;
    if (!v->IsInt64()) return fail(path + "." + name, "expected an integer");
    out = v->GetInt64();
    return true;
  }

  bool read_bool(const Value& object, const std::string& path, const char* name, bool& out) {
    const Value* v = member(object, name);
    if (v == nullptr) return true;
    if (!v->IsBool()) return fail(path + "." + name, "expected true or false");
    out = v->GetBool();
    return true;
  }

  bool read_string(const Value& object, const std::string& path, const char* name, std::string& out) {
    const Value* v = member(object, name);
    if (v == nullptr) return true;
    if (!v->IsString()) return fail(path + "." + name, "expected a string");
    out.assign(v->GetString(), v->GetStringLength());
    return true;
  }

  template <class Enum>
  bool read_enum(const Value& object, const std::string& path, const char* name, Enum& out,
                 const std::vector<std::pair<const char*, Enum>>& choices) {
    std::string text;
    bool present = member(object, name) != nullptr;
    if (!read_string(object, path, name, text)) return false;
    if (!present) return true;
    std::string expected;
    for (const auto& [choice, value] : choices) {
      if (text == choice) {
        out = value;
        return true;
      }
      expected += std::string(expected.empty() ? "" : " or ") + "\"" + choice + "\"";
    }
    return fail(path + "." + name, "expected " + expected);
  }

  bool read_colour(const Value& object, const std::string& path, const char* name, uint32_t& out) {
    std::string text;
    bool present = member(object, name) != nullptr;
    if (!read_string(object, path, name, text)) return false;
    if (!present) return true;
    if (text.size() != 7 || text[0] != '#') return fail(path + "." + name, "expected a colour like \"#RRGGBB\"");
    uint32_t value = 0;
    for (size_t i = 1; i < text.size(); ++i) {
      char c = text[i];
      uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return fail(path + "." + name, "expected a colour like \"#RRGGBB\"");
      }
      value = value * 16 + digit;
    }
    out = value;
    return true;
  }

  const Value* object_member(const Value& object, const std::string& path, const char* name) {
    const Value* v = member(object, name);
    if (v == nullptr) return nullptr;
    if (!v->IsObject()) {
      fail(path + "." + name, "expected an object");
      return nullptr;
    }
    return v;
  }

  bool read_image(const Value& object, const std::string& path, engine::ImageOptions& image) {
    return read_int(object, path, "width", image.width) && read_int(object, path, "height", image.height) &&
           read_int(object, path, "max_length", image.max_length) &&
           read_enum(object, path, "fit", image.fit, kFits) && read_enum(object, path, "format", image.format, kFormats) &&
           read_int(object, path, "quality", image.quality) &&
           read_enum(object, path, "rotate", image.rotate, kRotates) &&
           read_colour(object, path, "background", image.background) &&
           read_int(object, path, "turn", image.turn_degrees) && read_bool(object, path, "flip_h", image.flip_h) &&
           read_bool(object, path, "flip_v", image.flip_v);
  }

  bool read_black(const Value& object, const std::string& path, engine::BlackFilter& black) {
    return read_int(object, path, "pixel_threshold", black.pixel_threshold) &&
           read_int(object, path, "max_black_percent", black.max_black_percent) &&
           read_int(object, path, "max_skipped_frames", black.max_skipped_frames);
  }

  // The nested "image" and "black" objects shared by snapshot and sample requests.
  template <class Request>
  bool read_image_and_black(const Value& object, const std::string& path, Request& request) {
    if (const Value* image = object_member(object, path, "image")) {
      if (!read_image(*image, path + ".image", request.image)) return false;
    } else if (error) {
      return false;
    }
    if (const Value* black = object_member(object, path, "black")) {
      if (!read_black(*black, path + ".black", request.black)) return false;
    } else if (error) {
      return false;
    }
    return true;
  }

  bool read_sample(const Value& object, const std::string& path, engine::SampleRequest& sample) {
    return read_double(object, path, "interval", sample.interval) &&
           read_bool(object, path, "percent", sample.percent) &&
           read_double(object, path, "start_s", sample.start_s) && read_int(object, path, "count", sample.count) &&
           read_enum(object, path, "mode", sample.mode, kModes) &&
           read_image_and_black(object, path, sample);
  }

  // A requested time: {"offset_ms": int} or {"percent_of_duration": number}, or as stored before whole
  // milliseconds: {"value": seconds or percent, "percent": bool}.
  bool read_time(const Value& item, const std::string& path, RequestedTime& time) {
    if (member(item, "value") != nullptr) {
      double value = 0;
      bool percent = false;
      if (!read_double(item, path, "value", value) || !read_bool(item, path, "percent", percent)) return false;
      if (percent) {
        time = RequestedTime::at_percent(value);
        return true;
      }
      // Seconds as a double: the milliseconds they came from, within what an int64 holds.
      if (std::fabs(value) * 1000.0 >= 9.0e18) return fail(path + ".value", "out of range");
      time = RequestedTime::at_ms(std::llround(value * 1000.0));
      return true;
    }
    if (member(item, "percent_of_duration") != nullptr) {
      double share = 0;
      if (!read_double(item, path, "percent_of_duration", share)) return false;
      time = RequestedTime::at_percent(share);
      return true;
    }
    if (member(item, "offset_ms") == nullptr) return fail(path, "expected \"offset_ms\" or \"percent_of_duration\"");
    int64_t ms = 0;
    if (!read_int64(item, path, "offset_ms", ms)) return false;
    time = RequestedTime::at_ms(ms);
    return true;
  }

  bool read_snapshot(const Value& object, const std::string& path, SnapshotJob& snapshot) {
    if (const Value* times = member(object, "times")) {
      if (!times->IsArray()) return fail(path + ".times", "expected an array");
      snapshot.times.clear();
      for (rapidjson::SizeType i = 0; i < times->Size(); ++i) {
        std::string item_path = path + ".times[" + std::to_string(i) + "]";
        const Value& item = (*times)[i];
        if (!item.IsObject()) return fail(item_path, "expected an object");
        RequestedTime time;
        if (!read_time(item, item_path, time)) return false;
        snapshot.times.push_back(time);
      }
    }
    return read_enum(object, path, "mode", snapshot.mode, kModes) &&
           read_image_and_black(object, path, snapshot);
  }

  bool read_sprite(const Value& object, const std::string& path, engine::SpriteRequest& sprite) {
    if (const Value* sampling = object_member(object, path, "sampling")) {
      if (!read_sample(*sampling, path + ".sampling", sprite.sampling)) return false;
    } else if (error) {
      return false;
    }
    return read_int(object, path, "columns", sprite.columns) && read_int(object, path, "rows", sprite.rows) &&
           read_int(object, path, "cell_width", sprite.cell_width) &&
           read_int(object, path, "cell_height", sprite.cell_height) &&
           read_int(object, path, "padding", sprite.padding) && read_int(object, path, "margin", sprite.margin) &&
           read_colour(object, path, "color", sprite.color) &&
           read_enum(object, path, "format", sprite.format, kFormats) &&
           read_int(object, path, "quality", sprite.quality);
  }
};

}  // namespace

std::string encode_job(const Job& job) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "kind", kind_name(job.params));
  put(w, "name_pattern", job.name_pattern);
  if (!job.output_dir.empty()) put(w, "output_dir", job.output_dir);
  if (!job.archive_name.empty()) put(w, "archive_name", job.archive_name);
  const SpriteJob* sprite = std::get_if<SpriteJob>(&job.params);
  put(w, "vtt_name", sprite != nullptr ? sprite->vtt_name : std::string());
  key(w, kind_name(job.params));
  if (const auto* snapshot = std::get_if<SnapshotJob>(&job.params)) write_snapshot(w, *snapshot);
  if (const auto* sample = std::get_if<SampleJob>(&job.params)) write_sample(w, sample->request);
  if (sprite != nullptr) write_sprite(w, sprite->request);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

tg::Result<Job, std::string> decode_job(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    return tg::unexpected("job: not valid JSON (at offset " + std::to_string(doc.GetErrorOffset()) + ")");
  }
  if (!doc.IsObject()) return tg::unexpected(std::string("job: expected an object"));

  Job job;
  Reader reader;
  std::string kind;
  std::string vtt_name;
  auto kind_it = doc.FindMember("kind");
  if (kind_it == doc.MemberEnd()) return tg::unexpected(std::string("job.kind: missing"));
  if (!reader.read_string(doc, "job", "kind", kind)) return tg::unexpected(*reader.error);
  if (kind == "snapshot") {
    job.params = SnapshotJob{};
  } else if (kind == "sample") {
    job.params = SampleJob{};
  } else if (kind == "sprite") {
    job.params = SpriteJob{};
  } else {
    return tg::unexpected(std::string("job.kind: expected \"snapshot\", \"sample\" or \"sprite\""));
  }
  if (!reader.read_string(doc, "job", "name_pattern", job.name_pattern) ||
      !reader.read_string(doc, "job", "vtt_name", vtt_name) ||
      !reader.read_string(doc, "job", "output_dir", job.output_dir) ||
      !reader.read_string(doc, "job", "archive_name", job.archive_name)) {  // absent: no archive
    return tg::unexpected(*reader.error);
  }

  const std::string request_field = kind;
  const Value* request = reader.object_member(doc, "job", request_field.c_str());
  if (request == nullptr) {
    if (reader.error) return tg::unexpected(*reader.error);
    return tg::unexpected("job." + request_field + ": missing");
  }
  const std::string path = "job." + request_field;
  bool ok = false;
  if (auto* snapshot = std::get_if<SnapshotJob>(&job.params)) ok = reader.read_snapshot(*request, path, *snapshot);
  if (auto* sample = std::get_if<SampleJob>(&job.params)) ok = reader.read_sample(*request, path, sample->request);
  if (auto* sprite = std::get_if<SpriteJob>(&job.params)) {
    sprite->vtt_name = std::move(vtt_name);
    ok = reader.read_sprite(*request, path, sprite->request);
  }
  if (!ok) return tg::unexpected(reader.error.value_or(path + ": invalid"));
  return job;
}

engine::SnapshotRequest SnapshotJob::engine_request() const {
  engine::SnapshotRequest request;
  request.times.reserve(times.size());
  for (const RequestedTime& time : times) {
    request.times.push_back(time.is_percent ? engine::TimePoint{time.percent, true}
                                            : engine::TimePoint{static_cast<double>(time.offset_ms) / 1000.0, false});
  }
  request.mode = mode;
  request.image = image;
  request.black = black;
  return request;
}

}  // namespace tg::tasks

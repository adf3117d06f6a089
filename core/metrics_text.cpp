#include "core/metrics_text.hpp"

#include <charconv>
#include <cmath>

namespace tg::metrics {
namespace {

std::string escape_help(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

const char* type_name(Kind kind) {
  switch (kind) {
    case Kind::kCounter: return "counter";
    case Kind::kGauge: return "gauge";
    case Kind::kHistogram: return "histogram";
  }
  return "untyped";
}

// {a="x",b="y"} plus an optional extra label (le); "" when there is none.
std::string label_set(const std::vector<std::string>& names, const LabelValues& values, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out.push_back(',');
    out += names[i] + "=\"" + escape_label_value(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out.push_back(',');
    out += std::string(extra_name) + "=\"" + escape_label_value(extra_value) + "\"";
  }
  out.push_back('}');
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<int64_t>(value));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::string render_text(const Registry& registry) {
  registry.refresh();
  std::string out;
  registry.each_family([&out](const Family& family) {
    out += "# HELP " + family.name() + " " + escape_help(family.help()) + "\n";
    out += "# TYPE " + family.name() + " " + type_name(family.kind()) + "\n";
    if (family.kind() != Kind::kHistogram) {
      family.each_value([&](const LabelValues& labels, const Value& value) {
        out += family.name() + label_set(family.label_names(), labels) + " " + format_number(value.get()) + "\n";
      });
      return;
    }
    family.each_distribution([&](const LabelValues& labels, const Distribution& distribution) {
      const auto counts = distribution.cumulative_counts();
      const auto& bounds = family.bounds();
      for (std::size_t i = 0; i < counts.size(); ++i) {
        const std::string le = i < bounds.size() ? format_number(bounds[i]) : "+Inf";
        out += family.name() + "_bucket" + label_set(family.label_names(), labels, "le", le) + " " +
               std::to_string(counts[i]) + "\n";
      }
      const std::string plain = label_set(family.label_names(), labels);
      out += family.name() + "_sum" + plain + " " + format_number(distribution.sum()) + "\n";
      out += family.name() + "_count" + plain + " " + std::to_string(counts.back()) + "\n";
    });
  });
  return out;
}

}  // namespace tg::metrics

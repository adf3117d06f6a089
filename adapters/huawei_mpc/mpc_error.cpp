#include "adapters/huawei_mpc/mpc_error.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tg::adapters::huawei_mpc {

MpcError MpcError::invalid_parameter(const std::string& detail) {
  return {400, "MPC.10202", "Invalid request parameter: " + detail};
}

MpcError MpcError::authentication(const std::string& detail) {
  return {401, "APIGW.0301", "Incorrect IAM authentication information: " + detail};
}

MpcError MpcError::throttled(const std::string& detail) {
  return {429, "APIGW.0308", "The throttling threshold has been reached: " + detail};
}

MpcError MpcError::internal(const std::string& detail) { return {500, "MPC.10201", "Internal error: " + detail}; }

MpcError MpcError::unavailable() {
  return {503, "MPC.10201", "Internal error: the service is temporarily unavailable, try again later"};
}

ApiResponse render_error(const MpcError& error) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error_code");
  w.String(error.code.c_str(), static_cast<rapidjson::SizeType>(error.code.size()));
  w.Key("error_msg");
  w.String(error.message.c_str(), static_cast<rapidjson::SizeType>(error.message.size()));
  w.EndObject();
  ApiResponse response;
  response.status = error.http_status;
  response.content_type = "application/json";
  response.body.assign(buffer.GetString(), buffer.GetSize());
  return response;
}

}  // namespace tg::adapters::huawei_mpc

// Every route of the table is documented in docs/ref/openapi.yaml with its method, and
// the document names no route the table lacks.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "api/route.h"

namespace custos::api {
namespace {

// "path method" pairs from the document's paths section (two-space paths, four-space methods).
std::set<std::string> DocumentedRoutes() {
  std::ifstream in(CUSTOS_OPENAPI_PATH);
  EXPECT_TRUE(in) << CUSTOS_OPENAPI_PATH;
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;
    if (line.rfind("  /", 0) == 0) path = line.substr(2, line.find(':') - 2);
    for (const char* m : {"get", "post", "put", "delete", "head"}) {
      if (line == std::string("    ") + m + ":") out.insert(path + " " + m);
    }
  }
  return out;
}

TEST(OpenApi, DocumentsEveryRouteAndNoOther) {
  const std::set<std::string> documented = DocumentedRoutes();
  std::set<std::string> table;
  for (const RouteSpec& r : Routes()) {
    std::string m(ToString(r.method));
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    table.insert(std::string(r.pattern) + " " + m);
  }
  EXPECT_EQ(documented, table);
}

}  // namespace
}  // namespace custos::api

// principal.h: who makes a request, as the authorisation check sees it.
//
// For now there is one kind of user, the administrator of this node (a session from
// POST /api/v1/login). The issue "Govern" adds users and roles: they belong here.
// Thread-safety: plain values.
#pragma once

#include <string>

namespace custos::api {

struct Principal {
  bool authenticated = false;
  std::string user;        // "" when anonymous
  bool is_admin = false;   // Govern replaces this with roles
  std::string session_id;  // the cookie's value, to end the session at logout
  std::string csrf_token;  // what state-changing requests must echo in X-Custos-CSRF
};

}  // namespace custos::api

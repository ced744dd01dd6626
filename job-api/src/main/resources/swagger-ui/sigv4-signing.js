/*
 * Swagger UI signs the operations of the contract's `sigv4` scheme (API Gateway's AWS_IAM routes)
 * with AWS Signature Version 4 for execute-api, body included, as an AWS SDK would.
 *
 * "Authorize" asks for an access key id, its secret, a session token for temporary credentials,
 * and the region. They stay in this script's memory: Swagger UI's own state (which it may keep in
 * localStorage) holds only a marker with the access key id, which it puts in the request's
 * Authorization header, and the request interceptor replaces that marker with the signature, or
 * refuses to send the request. Logging out forgets them. The signer is aws4fetch, served with the
 * page (../swagger-ui-signer/), loaded on the first signed request.
 *
 * SigV4SwaggerUi (job-api) puts this script at the top of swagger-initializer.js, sets
 * jobsSigV4.region, and passes jobsSigV4.plugin and jobsSigV4.requestInterceptor to SwaggerUIBundle.
 */
const jobsSigV4 = (function () {
  "use strict";

  const SERVICE = "execute-api";
  const MARKER = "SigV4 ";
  const SIGNER = new URL("../swagger-ui-signer/aws4fetch.esm.js", document.currentScript.src);

  let credentials = null;

  function signs(schema) {
    return schema.get("x-amazon-apigateway-authtype") === "awsSigv4";
  }

  function authorizationHeader(headers) {
    return Object.keys(headers).find((header) => header.toLowerCase() === "authorization");
  }

  async function requestInterceptor(request) {
    const header = authorizationHeader(request.headers || {});
    const value = header && request.headers[header];
    if (typeof value !== "string" || !value.startsWith(MARKER)) {
      return request;
    }
    delete request.headers[header];
    if (!credentials || MARKER + credentials.accessKeyId !== value) {
      throw new Error("Not signed: log out and authorize sigv4 again.");
    }
    if (request.body != null && typeof request.body !== "string") {
      throw new Error("Not signed: only a text body can be signed here.");
    }
    const { AwsV4Signer } = await import(SIGNER);
    const signed = await new AwsV4Signer({
      method: request.method,
      url: new URL(request.url, document.baseURI).href,
      headers: request.headers,
      body: request.body,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken || undefined,
      service: SERVICE,
      region: credentials.region,
    }).sign();
    request.headers = Object.fromEntries(signed.headers);
    return request;
  }

  function plugin(system) {
    const React = system.React;
    const h = React.createElement;

    function field(id, label, type, value, onChange, placeholder) {
      return h(
        "div",
        { className: "wrapper" },
        h("label", { htmlFor: id }, label),
        h("input", { id, type, value, onChange, placeholder, autoComplete: "off" }),
      );
    }

    function SigV4Auth(props) {
      const { name, schema, authorized, onChange, getComponent } = props;
      const Markdown = getComponent("Markdown", true);
      const [entered, setEntered] = React.useState({
        accessKeyId: "",
        secretAccessKey: "",
        sessionToken: "",
        region: api.region,
      });
      const value = authorized && authorized.getIn([name, "value"]);
      const change = (key) => (event) => {
        const next = Object.assign({}, entered, { [key]: event.target.value.trim() });
        setEntered(next);
        const complete = next.accessKeyId && next.secretAccessKey && next.region;
        credentials = complete ? next : null;
        onChange({ name, schema, value: complete ? MARKER + next.accessKeyId : "" });
      };
      return h(
        "div",
        null,
        h("h4", null, h("code", null, name), " (AWS Signature Version 4)"),
        h(Markdown, { source: schema.get("description") }),
        value
          ? h("p", null, "Authorized as ", h("code", null, value.slice(MARKER.length)))
          : h(
              "div",
              null,
              field("sigv4_access_key_id", "Access key ID:", "text", entered.accessKeyId,
                change("accessKeyId")),
              field("sigv4_secret_access_key", "Secret access key:", "password",
                entered.secretAccessKey, change("secretAccessKey")),
              field("sigv4_session_token", "Session token:", "password", entered.sessionToken,
                change("sessionToken"), "temporary credentials only"),
              field("sigv4_region", "Region:", "text", entered.region, change("region")),
            ),
      );
    }

    return {
      wrapComponents: {
        apiKeyAuth: (Original) => (props) =>
          signs(props.schema) ? h(SigV4Auth, props) : h(Original, props),
      },
      statePlugins: {
        auth: {
          wrapActions: {
            logout: (logout) => (names) => {
              credentials = null;
              return logout(names);
            },
          },
        },
      },
    };
  }

  // The region the form starts with: SigV4SwaggerUi sets the function's own.
  const api = { region: "", plugin, requestInterceptor };
  return api;
})();

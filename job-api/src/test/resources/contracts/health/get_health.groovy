import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'get_health'
  description 'The service says it is up, and the version of the contract it serves.'
  request {
    method GET()
    url '/v1/health'
  }
  response {
    status OK()
    headers { contentType(applicationJson()) }
    body(status: 'UP', version: $(consumer('1.0.0'), producer(regex('[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?'))))
  }
}

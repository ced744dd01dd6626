import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'get_health'
  description 'The service says it is up.'
  request {
    method GET()
    url '/v1/health'
  }
  response {
    status OK()
    headers { contentType(applicationJson()) }
    body(status: 'UP')
  }
}

import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The metrics of the API and its function, each with the statistic that reads naturally for it
 * (the average of a latency, the sum of a count); options given override it.
 */
export class ApiMetrics {
  constructor(private readonly httpApi: apigwv2.IHttpApi, private readonly fn: lambda.IFunction) {}

  public latency(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency({ statistic: cloudwatch.Stats.AVERAGE, ...options });
  }

  public integrationLatency(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricIntegrationLatency({ statistic: cloudwatch.Stats.AVERAGE, ...options });
  }

  public serverErrors(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, ...options });
  }

  public clientErrors(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError({ statistic: cloudwatch.Stats.SUM, ...options });
  }

  public requests(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount({ statistic: cloudwatch.Stats.SUM, ...options });
  }

  public invocations(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fn.metricInvocations({ statistic: cloudwatch.Stats.SUM, ...options });
  }

  public functionErrors(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fn.metricErrors({ statistic: cloudwatch.Stats.SUM, ...options });
  }

  public throttles(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, ...options });
  }
}

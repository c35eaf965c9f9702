import { type CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { type MetricWidget, serializeMetricWidget } from '../../metrics/metric-widget.ts';
import { EmptyMetricImageError } from './errors.ts';

/** Draws a metric widget as a PNG (for the Slack thread). */
export interface MetricImageRenderer {
  renderPng(widget: MetricWidget, signal?: AbortSignal): Promise<Uint8Array>;
}

/**
 * MetricImageRenderer on CloudWatch GetMetricWidgetImage (IAM: cloudwatch:GetMetricWidgetImage,
 * 20 TPS). The API sends the PNG base64-encoded; the SDK hands back the decoded bytes.
 */
export class CloudWatchMetricImageRenderer implements MetricImageRenderer {
  private readonly client: CloudWatchClient;

  constructor(client: CloudWatchClient) {
    this.client = client;
  }

  async renderPng(widget: MetricWidget, signal?: AbortSignal): Promise<Uint8Array> {
    const output = await this.client.send(
      new GetMetricWidgetImageCommand({ MetricWidget: serializeMetricWidget(widget), OutputFormat: 'png' }),
      signal ? { abortSignal: signal } : {},
    );
    if (!output.MetricWidgetImage || output.MetricWidgetImage.length === 0) {
      throw new EmptyMetricImageError();
    }
    return output.MetricWidgetImage;
  }
}

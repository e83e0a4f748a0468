/** The bank's topics, in display order. A file content/aws/<id>.yaml holds each. */
import type { Topic } from '../core/model.js';

export const TOPICS: readonly Topic[] = [
  { id: 'networking', title: 'Networking (VPC)' },
  { id: 'dns', title: 'DNS (Route 53)' },
  { id: 'edge-caching', title: 'CloudFront & caching' },
  { id: 'iam', title: 'IAM' },
  { id: 'multi-account', title: 'Multi-account' },
  { id: 'security', title: 'Security & encryption' },
  { id: 'storage', title: 'Storage (S3, EBS, EFS)' },
  { id: 'databases', title: 'Databases' },
  { id: 'analytics', title: 'Analytics & streaming' },
  { id: 'compute', title: 'Compute (EC2, ELB, Auto Scaling)' },
  { id: 'serverless', title: 'Serverless (Lambda, API Gateway)' },
  { id: 'containers', title: 'Containers (ECS, EKS)' },
  { id: 'integration', title: 'Messaging & integration' },
  { id: 'genai', title: 'Generative AI (Bedrock)' },
  { id: 'resilience', title: 'Resilience & DR' },
  { id: 'observability', title: 'Observability' },
  { id: 'governance', title: 'Governance & operations' },
  { id: 'iac-cicd', title: 'IaC & CI/CD' },
  { id: 'cost', title: 'Cost optimisation' },
  { id: 'migration', title: 'Migration' },
  { id: 'leadership', title: 'Scenarios & leadership' },
];
